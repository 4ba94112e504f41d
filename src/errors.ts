// Every failure the tool expects is a DockerwasmError with a code; cli/main.ts maps codes to exit codes
// in one place and prints one line (the cause chain only with --verbose).

export type ErrorCode =
  | 'USAGE' // a bad command line or spec
  | 'INPUT' // a bad input file (dataset, results directory)
  | 'ENGINE_UNAVAILABLE' // no engine answers
  | 'ENGINE' // the engine answered with an error
  | 'ENGINE_TIMEOUT' // the engine did not answer a call within its deadline (a hung engine or shim)
  | 'RUNTIME_UNAVAILABLE' // a runtime profile cannot run here
  | 'BUILD_FAILED' // an image or a guest did not build
  | 'RUN_FAILED' // a container did not run to a good result
  | 'TOOLCHAIN' // cargo, the wasm target or wasmedge is missing
  | 'INTERRUPTED' // SIGINT or SIGTERM
  | 'INTERNAL'; // a bug

export const exitCodes: Record<ErrorCode, number> = {
  USAGE: 2,
  INPUT: 3,
  ENGINE_UNAVAILABLE: 4,
  ENGINE: 5,
  ENGINE_TIMEOUT: 5,
  RUNTIME_UNAVAILABLE: 6,
  BUILD_FAILED: 7,
  RUN_FAILED: 8,
  TOOLCHAIN: 9,
  INTERRUPTED: 130,
  INTERNAL: 70,
};

export class DockerwasmError extends Error {
  readonly code: ErrorCode;
  /** a hint printed after the message, e.g. the command that would fix it */
  readonly hint: string | undefined;
  /** itemised problems printed one per line under the message (e.g. every mistake in a spec) */
  readonly details: string[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; hint?: string; details?: string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DockerwasmError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

export const usageError = (message: string, hint?: string) =>
  new DockerwasmError('USAGE', message, hint === undefined ? {} : { hint });

export function isDockerwasmError(error: unknown, code?: ErrorCode): error is DockerwasmError {
  return error instanceof DockerwasmError && (code === undefined || error.code === code);
}

export function exitCodeOf(error: unknown): number {
  return error instanceof DockerwasmError ? exitCodes[error.code] : exitCodes.INTERNAL;
}

/** The message of an unknown thrown value, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The chain of causes, outermost first, for --verbose. */
export function causeChain(error: unknown): string[] {
  const chain: string[] = [];
  let current: unknown = error;
  while (current !== undefined && chain.length < 10) {
    chain.push(current instanceof Error ? `${current.name}: ${messageOf(current)}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}
