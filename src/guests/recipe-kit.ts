// What every recipe of guests/ uses: its context (the toolchain, the definition, the build's folder), running a
// build tool with its last lines kept for an error, and putting a file in place whole.
import { chmod, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { DockerwasmError } from '../errors.js';
import { flavourOf, type Flavour } from '../flavours/flavours.js';
import type { WorkloadDefinition } from '../workloads/definition.js';
import type { Toolchain } from './toolchain.js';

export interface RecipeContext {
  toolchain: Toolchain;
  definition: WorkloadDefinition;
  /** the build's folder: a recipe writes `file(flavour)` there, through `<file>.partial` */
  folder: string;
  /** cargo's environment: the toolchain, the target folder, the linker, a dataset's file */
  env: Record<string, string>;
  /** rustflags the run adds to guest/.cargo/config.toml's (the inline threshold), on every Rust target */
  addedRustflags: string[];
  say: (line: string) => void;
  signal?: AbortSignal;
}

export async function runTool(
  what: string,
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; onProgress?: (line: string) => void; signal?: AbortSignal },
): Promise<string> {
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const tail: string[] = [];
  const keep = (line: string) => {
    const text = line.trim();
    if (text === '') return;
    tail.push(text);
    if (tail.length > 200) tail.shift();
    if (/^(Compiling|Finished|Downloaded|Updating|error|warning: unused)/.test(text)) options.onProgress?.(text);
  };
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    lines.forEach(keep);
  });
  const result = await child;
  keep(partial);
  if (result.isCanceled) throw new DockerwasmError('INTERRUPTED', `${what}: interrupted`);
  if (result.failed) {
    const firstError = tail.find((line) => /^error\b|: error:/.test(line)) ?? tail[tail.length - 1] ?? result.shortMessage;
    // the compiler's last words, for a build of the user's program that fails (threads, sockets, fork in Wasm)
    throw new DockerwasmError('BUILD_FAILED', `${what} failed: ${firstError}`, { cause: result, details: tail.slice(-8) });
  }
  return String(result.stdout ?? '');
}

export const fileIn = (context: RecipeContext, flavour: Flavour) => join(context.folder, flavourOf(flavour).file(context.definition.name));
export const cancelOf = (context: RecipeContext) => (context.signal ? { signal: context.signal } : {});

/** A tool wrote `<destination>.partial`: give it the flavour's mode and put it in place in one rename. */
export async function publish(context: RecipeContext, flavour: Flavour): Promise<void> {
  const destination = fileIn(context, flavour);
  await chmod(`${destination}.partial`, flavourOf(flavour).mode);
  await rename(`${destination}.partial`, destination);
}

