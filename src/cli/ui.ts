// Human output goes to stderr (progress, tables meant for people); data goes to stdout.
import { SingleBar } from 'cli-progress';

export interface Ui {
  info(line: string): void;
  warn(line: string): void;
  /** a progress bar on a TTY, a line per step elsewhere */
  bar(label: string, total: number): ProgressBar;
  /** data for stdout: JSON or a table */
  data(text: string): void;
}

export interface ProgressBar {
  tick(detail?: string): void;
  stop(): void;
}

export function createUi(options: { quiet?: boolean } = {}): Ui {
  const isTty = process.stderr.isTTY === true;
  const say = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  return {
    info: say,
    warn: (line) => process.stderr.write(`warning: ${line}\n`),
    data: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    bar(label, total) {
      if (options.quiet) return { tick: () => undefined, stop: () => undefined };
      if (!isTty) {
        let done = 0;
        return {
          tick: (detail) => {
            done++;
            say(`${label} ${done}/${total}${detail ? `  ${detail}` : ''}`);
          },
          stop: () => undefined,
        };
      }
      const bar = new SingleBar(
        { format: `${label} [{bar}] {value}/{total} {detail}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
      );
      bar.start(total, 0, { detail: '' });
      return {
        tick: (detail) => bar.increment(1, { detail: detail ?? '' }),
        stop: () => bar.stop(),
      };
    },
  };
}
