// Runs the CLI from source in one node process (so a signal reaches it directly) and times it.
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

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
