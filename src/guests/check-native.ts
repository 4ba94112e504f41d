// Before a user's program is measured: its native build must run and succeed here, with its arguments, in
// its folder; and a native executable built elsewhere must be able to run on the Linux base it goes into.
import { execa } from 'execa';
import { DockerwasmError, usageError } from '../errors.js';
import type { WorkloadDefinition } from '../workloads/definition.js';
import { readElf } from '../workloads/elf.js';
import { programFolder } from '../workloads/program.js';

/** Runs the native build once, as the measured runs will; refuses a program that fails natively (exit 8). */
export async function checkNativeRun(definition: WorkloadDefinition, binary: string, args: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const folder = programFolder(definition);
  const env = Object.fromEntries(definition.run.env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  const run = await execa(binary, [...args], { reject: false, stdin: 'ignore', timeout: options.timeoutMs, env, ...(folder ? { cwd: folder } : {}), ...(options.signal ? { cancelSignal: options.signal } : {}) });
  if (run.isCanceled) throw new DockerwasmError('INTERRUPTED', 'interrupted');
  if (run.exitCode === 0) return;
  const why = run.timedOut ? `did not end within ${options.timeoutMs / 1000} s` : run.exitCode === undefined ? `could not start (${run.shortMessage})` : `exits ${run.exitCode}`;
  const tail = String(run.stderr).trim().split('\n').slice(-5).filter(Boolean);
  throw new DockerwasmError('RUN_FAILED', `${definition.name} ${why} natively, with ${args.length ? `the arguments ${args.join(' ')}` : 'no arguments'}: dockerwasm compares runs of a program that succeeds`, {
    details: tail,
    hint: `run it yourself in ${folder ?? 'its folder'} to see why; its arguments go after --, or in dockerwasm.yaml (args:)`,
  });
}

/** Refuses, before anything is built, a prebuilt native executable that asks for a dynamic loader the Linux base lacks. */
export function checkRunsOnBase(definition: WorkloadDefinition, base: string): void {
  if (!('native' in definition.source)) return;
  const native = definition.source.native;
  const elf = readElf(native);
  if (typeof elf === 'string' || elf.interpreter === null) return;
  const musl = /alpine|busybox/.test(base);
  const glibcLoader = elf.interpreter.includes('ld-linux');
  if (musl !== glibcLoader) return;
  throw usageError(
    `--native ${native} is dynamically linked (it needs ${elf.interpreter}), which the Linux base ${base} does not have (${musl ? 'musl' : 'glibc'})`,
    glibcLoader ? 'link it statically (-static, or CGO_ENABLED=0 for Go), or give a glibc base: --base debian:bookworm-slim' : 'link it statically, or give a musl base: --base alpine:3.20',
  );
}
