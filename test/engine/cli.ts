// Runs the CLI from source in one node process (so a signal reaches it directly) and times it.
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { standInBase } from '../../src/engine/base-image.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';

export const projectRoot = join(import.meta.dirname, '..', '..');

/** `prefix`: a command the CLI runs under, e.g. nsenter into a private engine's network namespace. */
export function startCli(args: string[], env: Record<string, string> = {}, prefix: string[] = []): ResultPromise<{ reject: false; all: false }> {
  const command = [...prefix, 'node', '--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), ...args];
  return execa(command[0]!, command.slice(1), {
    cwd: projectRoot,
    reject: false,
    env: { NO_COLOR: '1', ...env },
    all: false,
  }) as ResultPromise<{ reject: false; all: false }>;
}

export async function runCli(args: string[], env: Record<string, string> = {}, prefix: string[] = []) {
  const started = performance.now();
  const result = await startCli(args, env, prefix);
  return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), ms: performance.now() - started };
}

/** A results folder outside the project, for tests (--out-anywhere). */
export const tempResults = (name: string) => join(mkdtempSync(join(tmpdir(), 'dockerwasm-test-')), name);

/**
 * Runs `action`; when the Linux stand-in base did not exist before it, removes the one it made, so the
 * suite leaves the engine's labelled images as it found them (it is made again whenever a run needs it).
 */
export async function removingNewBase<T>(action: () => Promise<T>): Promise<T> {
  const engine = new DockerEngine();
  const existed = (await engine.inspectImage(standInBase)) !== undefined;
  try {
    return await action();
  } finally {
    if (!existed && (await engine.inspectImage(standInBase)) !== undefined) await engine.removeImage(standInBase);
  }
}
