// One fresh process, measured by the kernel's own accounting: meter/process-meter.c forks and execs the
// command, reads VmPeak/VmHWM from /proc/<pid>/status when the process stops at its exit (ptrace), and
// its rusage from wait4 (user and system CPU time, peak RSS). The meter is compiled on first use into
// artifacts/tools/ (a C compiler is needed; nothing is installed on the system).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { DockerwasmError, messageOf } from '../errors.js';
import { packageRoot, paths } from '../io/project-paths.js';

const meterSource = () => join(packageRoot, 'meter', 'process-meter.c');

const meterOutputSchema = z.object({
  wallNs: z.number(),
  userUs: z.number(),
  sysUs: z.number(),
  maxRssKiB: z.number(),
  vmPeakKiB: z.number().nullable(),
  vmHwmKiB: z.number().nullable(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  execError: z.string().nullable(),
  note: z.string().nullable(),
});
export type MeterOutput = z.infer<typeof meterOutputSchema>;

export interface MeteredRun {
  meter: MeterOutput;
  stdout: string;
  /** the last lines of stderr */
  stderrTail: string;
}

/** The meter's binary, compiled from its source when missing or stale; returns its path. */
export async function ensureProcessMeter(onProgress?: (line: string) => void): Promise<string> {
  const source = await readFile(meterSource());
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const folder = join(paths.artifacts(), 'tools');
  const binary = join(folder, `process-meter-${hash}`);
  if (existsSync(binary)) return binary;
  const compiler = process.env.CC ?? 'cc';
  onProgress?.(`compiling the process meter (${compiler} -O2 meter/process-meter.c)`);
  await mkdir(folder, { recursive: true });
  const result = await execa(compiler, ['-O2', '-Wall', '-o', `${binary}.partial`, meterSource()], { reject: false, stdin: 'ignore' });
  if (result.failed) {
    const why = result.exitCode === undefined ? `${compiler} not found` : result.stderr.split('\n').find((l) => l.includes('error')) ?? result.shortMessage;
    throw new DockerwasmError('TOOLCHAIN', `cannot compile the process meter: ${why}`, { hint: 'install a C compiler (`apt-get install gcc`), or set CC', cause: result });
  }
  await rename(`${binary}.partial`, binary);
  return binary;
}

let runCounter = 0;

/** Runs `file args` under the meter; stdout is captured, stderr's tail kept. */
export async function runMetered(
  meter: string,
  file: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal; cwd?: string; untraced?: boolean; env?: readonly string[] },
): Promise<MeteredRun> {
  const out = join(tmpdir(), `dockerwasm-meter-${process.pid}-${++runCounter}.json`);
  try {
    const child = await execa(meter, ['--out', out, '--timeout-ms', String(options.timeoutMs), ...(options.untraced ? ['--no-ptrace'] : []), '--', file, ...args], {
      reject: false,
      stdin: 'ignore',
      // the runtimes see a small fixed environment (none of them passes it on to the guest); a native program its own beside it
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ...Object.fromEntries((options.env ?? []).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])) },
      extendEnv: false,
      maxBuffer: 64 * 1024 * 1024,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.signal ? { cancelSignal: options.signal } : {}),
    });
    if (child.isCanceled) throw new DockerwasmError('INTERRUPTED', 'interrupted');
    if (!existsSync(out)) throw new DockerwasmError('INTERNAL', `the process meter wrote no measurement (${child.shortMessage})`);
    const parsed = meterOutputSchema.safeParse(JSON.parse(await readFile(out, 'utf8')));
    if (!parsed.success) throw new DockerwasmError('INTERNAL', `the process meter's output is not what it should be: ${messageOf(parsed.error)}`);
    const stderr = String(child.stderr ?? '');
    return { meter: parsed.data, stdout: String(child.stdout ?? ''), stderrTail: stderr.trim().split('\n').slice(-8).join('\n') };
  } finally {
    await rm(out, { force: true });
  }
}
