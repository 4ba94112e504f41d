// SIGINT/SIGTERM abort the running command through one AbortSignal; the command's own cleanup runs
// in its `finally`. A second signal, or cleanup still running after a grace period, exits at once.
const controller = new AbortController();
export const interruptSignal: AbortSignal = controller.signal;
let received: NodeJS.Signals | undefined;
const forceExitAfterMs = 4_500;
/** what must still be removed when the grace period ends first (engine sessions register theirs) */
const forcedExitCleanups = new Set<() => Promise<void>>();

/** Runs `cleanup` if the process has to exit before a command's own cleanup finished; returns how to take it back. */
export function onForcedExit(cleanup: () => Promise<void>): () => void {
  forcedExitCleanups.add(cleanup);
  return () => forcedExitCleanups.delete(cleanup);
}

const onForcedExitAll = () => Promise.all([...forcedExitCleanups].map((cleanup) => cleanup())).then(() => undefined);

export function installInterruptHandlers(): void {
  const handle = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      process.stderr.write(`\ndockerwasm: second ${signal}: exiting now\n`);
      process.exit(130);
    }
    received = signal;
    process.stderr.write(`\ndockerwasm: ${signal}: stopping, removing what this run created...\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
    setTimeout(() => {
      void onForcedExitAll().finally(() => process.exit(130));
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
