// What `compare` and `reproduce` print: progress bars per phase on stderr, and at the end the result
// tables on stdout (or summary.json with --json).
import Table from 'cli-table3';
import type { ExperimentProgress, ExperimentSettings } from '../bench/experiment.js';
import { monotonicMs } from '../bench/clock.js';
import { runExperimentToDirectory } from '../bench/run-experiment.js';
import { buildGuest } from '../guests/build-guest.js';
import type { Toolchain } from '../guests/toolchain.js';
import type { EngineSession } from './engine-session.js';
import type { SummaryDocument } from '../report/summary-files.js';
import { mainTable, resultNotes, splitTable, type TableData } from '../report/tables.js';
import type { ProgressBar, Ui } from './ui.js';

export function progressFor(ui: Ui): ExperimentProgress & { stop(): void } {
  const bars = new Map<string, ProgressBar>();
  return {
    info: (line) => ui.info(line),
    warn: (line) => ui.warn(line),
    step(phase, done, total, detail) {
      let bar = bars.get(phase);
      if (bar === undefined) {
        for (const other of bars.values()) other.stop();
        bar = ui.bar(phase === 'build' ? 'builds' : 'runs  ', total);
        for (let i = 1; i < done; i++) bar.tick();
        bars.set(phase, bar);
      }
      bar.tick(detail);
    },
    stop() {
      for (const bar of bars.values()) bar.stop();
      bars.clear();
    },
  };
}

export function renderTable(data: TableData): string {
  const table = new Table({ head: data.head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of data.rows) table.push(row);
  return table.toString();
}

export function renderDocument(document: SummaryDocument, dir: string): string {
  const { summary } = document;
  const lines = [
    `${String(document.workload.label)}${document.complete ? '' : '  (INCOMPLETE: stopped early)'}`,
    renderTable(mainTable(summary)),
    '',
    'Where the run time goes (means):',
    renderTable(splitTable(summary)),
    ...resultNotes(summary).map((line) => `  ${line}`),
  ];
  if (summary.warnings.length > 0) lines.push('', 'Warnings:', ...summary.warnings.map((w) => `  ${w}`));
  lines.push('', `results: ${dir}`);
  return lines.join('\n');
}

/** Runs one experiment of `compare` or `reproduce` into `dir`, with the CLI's progress output. */
export async function runForCli(options: {
  session: EngineSession;
  ui: Ui;
  progress: ExperimentProgress & { stop(): void };
  toolchain: Toolchain;
  settings: ExperimentSettings;
  dir: string;
  resume: boolean;
  keepImages: boolean;
}) {
  const { session, ui, progress, toolchain } = options;
  try {
    return await runExperimentToDirectory({
      settings: options.settings,
      dir: options.dir,
      resume: options.resume,
      commandLine: process.argv.slice(2),
      keepImages: options.keepImages,
      engine: session.engine,
      registry: session.registry,
      clock: monotonicMs,
      signal: session.signal,
      progress,
      buildGuest: (w) => buildGuest(w, { toolchain, onProgress: (line) => ui.info(`  ${line}`), signal: session.signal }),
    });
  } finally {
    progress.stop();
  }
}
