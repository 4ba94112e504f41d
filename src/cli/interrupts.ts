// SIGINT/SIGTERM abort the running command through one AbortSignal; the command's own cleanup runs
// in its `finally`. A second signal, or cleanup still running after a grace period, exits at once.
const controller = new AbortController();
export const interruptSignal: AbortSignal = controller.signal;
let received: NodeJS.Signals | undefined;
const forceExitAfterMs = 4_500;

export function installInterruptHandlers(onForcedExit: () => Promise<void>): void {
  const handle = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      process.stderr.write(`\ndockerwasm: second ${signal}: exiting now\n`);
      process.exit(130);
    }
    received = signal;
    process.stderr.write(`\ndockerwasm: ${signal}: stopping, removing what this run created...\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
    setTimeout(() => {
      void onForcedExit().finally(() => process.exit(130));
    }, forceExitAfterMs).unref();
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

let pipeClosed = false;

/**
 * The reader of stdout or stderr went away (`dockerwasm doctor | head`): nothing more is written to it, and
 * the command stops as on Ctrl-C, so that what it created is still removed; it then ends with exit code 0.
 */
export function stopOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.write = (() => true) as typeof stream.write;
  if (pipeClosed) return;
  pipeClosed = true;
  controller.abort(new Error('the reader of its output went away'));
}

export const outputPipeClosed = () => pipeClosed;
