// Which standalone runtimes this machine has, found by trying them: each runtime's program is looked up
// (the runtimes prefix, then PATH), asked its version, and made to run the probes' tiny WASI module,
// whose output is checked. A runtime that cannot run here says why.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { commandArgs, runtimesPrefixDefault, type StandaloneRuntime } from './runtimes.js';
import { helloWasm, probeOutput } from '../engine/probe/probe-payloads.js';
import { messageOf } from '../errors.js';
import { packageRoot, paths } from '../io/project-paths.js';

export interface RuntimeAvailability {
  name: string;
  available: boolean;
  /** the program run, absolute */
  program: string | null;
  /** the launcher of ours it runs, absolute */
  launcher: string | null;
  /** what the runtime says of its own version, one line */
  version: string | null;
  /** where it came from */
  source: string | null;
  reason: string | null;
  /** the probe module's run, ms (includes the runtime's start) */
  probeMs: number | null;
}

export const runtimesPrefix = () => process.env.DOCKERWASM_RUNTIMES_PREFIX ?? runtimesPrefixDefault;

const manifestSchema = z.object({ runtimes: z.array(z.object({ name: z.string(), version: z.string().optional(), source: z.string() }).passthrough()) }).passthrough();

/** What scripts/provision-runtimes.sh recorded of each runtime it installed. */
function provisionedSources(): Map<string, string> {
  const path = join(runtimesPrefix(), 'manifest.json');
  if (!existsSync(path)) return new Map();
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return new Map(parsed.success ? parsed.data.runtimes.map((r) => [r.name, r.source]) : []);
  } catch {
    return new Map();
  }
}

function locate(program: string): string | null {
  const prefixed = join(runtimesPrefix(), 'bin', program);
  if (existsSync(prefixed)) return prefixed;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder !== '' && existsSync(join(folder, program))) return join(folder, program);
  }
  return null;
}

function sourceOf(runtime: StandaloneRuntime, program: string, provisioned: Map<string, string>): string {
  if (runtime.program === 'node') return `this Node.js (${program})`;
  if (provisioned.has(runtime.program)) return `${provisioned.get(runtime.program)} (${program})`;
  if (runtime.program === 'wasmtime-run') return `built from shims/ by scripts/build-shims.sh (${program})`;
  if (program.startsWith('/usr/bin/')) return `Debian package (${program})`;
  return program;
}

async function probeModule(): Promise<string> {
  const folder = join(paths.artifacts(), 'tools');
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'probe-hello.wasm');
  if (!existsSync(file)) await writeFile(file, helloWasm);
  return file;
}

/** Finds, versions and probes each runtime; the native baseline is always available. */
export async function findRuntimes(runtimes: readonly StandaloneRuntime[], options: { signal?: AbortSignal } = {}): Promise<RuntimeAvailability[]> {
  const provisioned = provisionedSources();
  const hello = await probeModule();
  const found: RuntimeAvailability[] = [];
  for (const runtime of runtimes) {
    const none = { name: runtime.name, available: false, program: null, launcher: null, version: null, source: null, probeMs: null };
    if (runtime.program === 'guest') {
      found.push({ ...none, available: true, source: 'built by `dockerwasm guests build`', reason: null });
      continue;
    }
    if (runtime.neverHere) {
      found.push({ ...none, reason: runtime.neverHere });
      continue;
    }
    const program = runtime.program === 'node' ? process.execPath : locate(runtime.program);
    if (program === null) {
      found.push({ ...none, reason: `${runtime.program} not found in ${join(runtimesPrefix(), 'bin')} or on PATH (${runtime.installedBy ?? 'scripts/provision-runtimes.sh'} installs it)` });
      continue;
    }
    const launcher = runtime.launcher ? join(packageRoot, 'launchers', runtime.launcher) : null;
    const versionRun = await execa(program, runtime.versionArgs, { reject: false, timeout: 60_000, stdin: 'ignore', ...(options.signal ? { cancelSignal: options.signal } : {}) });
    const version = `${versionRun.stdout}\n${versionRun.stderr}`.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? null;
    const source = sourceOf(runtime, program, provisioned);
    if (versionRun.failed) {
      found.push({ ...none, program, launcher, version, source, reason: `\`${runtime.program} ${runtime.versionArgs.join(' ')}\` failed: ${messageOf(versionRun.stderr || versionRun.shortMessage).slice(0, 200)}` });
      continue;
    }
    const started = performance.now();
    const probe = await execa(program, commandArgs(runtime, { module: hello, ...(launcher ? { launcher } : {}) }, []), { reject: false, timeout: 120_000, stdin: 'ignore', ...(options.signal ? { cancelSignal: options.signal } : {}) });
    const probeMs = performance.now() - started;
    const ok = !probe.failed && String(probe.stdout).includes(probeOutput);
    found.push({
      name: runtime.name,
      available: ok,
      program,
      launcher,
      version,
      source,
      probeMs: ok ? probeMs : null,
      reason: ok ? null : `the probe module did not run: ${messageOf(probe.timedOut ? 'timed out after 120 s' : probe.stderr || probe.stdout || probe.shortMessage).slice(0, 300)}`,
    });
  }
  return found;
}
