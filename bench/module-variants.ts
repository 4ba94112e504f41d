// Making the Wasm side fast, measured: each change to the module (wasm-opt, SIMD128) or to how it runs
// (AOT vs interpreter) is measured by the guest's own compute time, standalone (native binary vs
// `wasmedge` on this machine: the code's quality, without the container around it), and counts only
// when its digest equals the native one (the same computation).
import { copyFile, readFile, stat } from 'node:fs/promises';
import { monotonicMs } from '../src/io/clock.js';
import { buildScratchImage } from '../src/engine/scratch-image.js';
import type { CleanupRegistry } from '../src/engine/cleanup.js';
import { labelsFor, sessionId } from '../src/engine/labels.js';
import { runContainer } from '../src/engine/run-container.js';
import type { ContainerEngine } from '../src/engine/types.js';
import { join } from 'node:path';
import { execa } from 'execa';
import { median } from 'simple-statistics';
import { computeMsOf, parseGuestResult } from '../src/results/guest-result.js';
import { buildGuest, guestCargoEnvironment } from '../src/guests/build-guest.js';
import { cargoRustflags } from '../src/guests/cargo-config.js';
import { aotFlags, wasmOptFlags } from '../src/guests/recipes.js';
import type { Toolchain } from '../src/guests/toolchain.js';
import { defaults } from '../src/config/compare-settings.js';
import { guestArguments, workloadLabel, type Workload } from '../src/workloads/workload.js';
import { paths } from '../src/io/project-paths.js';

export interface VariantMeasure {
  variant: string;
  bytes: number;
  computeMs: number | null;
  /** the same module under the wasmtime shim (Cranelift), in Docker: the guest's compute, median */
  wasmtimeComputeMs: number | null;
  digestMatches: boolean | null;
  note: string;
}

export interface ModuleVariantTable {
  workload: string;
  nativeComputeMs: number;
  /** the native binary with RAYON_NUM_THREADS=1: one thread, as a wasm32-wasip1 module has (absent in older results) */
  nativeOneThreadComputeMs?: number;
  rows: VariantMeasure[];
}

/** Runs a guest (a native binary, or `wasmedge` with a module) once, standalone: its own compute time and digest. */
export async function guestCompute(command: string, args: string[], env: Record<string, string> = {}): Promise<{ ms: number; digest: string }> {
  const result = await execa(command, args, { reject: false, timeout: 900_000, env });
  const guest = parseGuestResult(String(result.stdout));
  if (guest === null) throw new Error(`${command} ${args.join(' ')}: no result line (${String(result.stderr).slice(-200)})`);
  return { ms: computeMsOf(guest), digest: guest.digest };
}

async function computeMedian(command: string, args: string[], runs: number, env: Record<string, string> = {}): Promise<{ ms: number; digest: string }> {
  const times: number[] = [];
  let digest = '';
  for (let i = 0; i < runs; i++) {
    const run = await guestCompute(command, args, env);
    times.push(run.ms);
    digest = run.digest;
  }
  return { ms: median(times), digest };
}

/** Builds the module with SIMD128 enabled, in a cargo target dir of its own. */
async function simdModule(toolchain: Toolchain, workload: Workload, treeCsv: string | undefined, output: string): Promise<void> {
  const env = guestCargoEnvironment(toolchain, treeCsv === undefined ? undefined : { env: 'DOCKERWASM_TREE_CSV', file: treeCsv });
  env.CARGO_TARGET_DIR = join(paths.artifacts(), '.cargo-target-simd128');
  // the environment's rustflags take the place of guest/.cargo/config.toml's: its flags, and SIMD128
  env.CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS = [...cargoRustflags('wasm32-wasip1'), '-C', 'target-feature=+simd128'].join(' ');
  await execa(toolchain.cargo, ['build', '--release', '--locked', '--package', workload.algorithm, '--target', 'wasm32-wasip1'], { cwd: paths.guestSources(), env });
  await copyFile(join(env.CARGO_TARGET_DIR!, 'wasm32-wasip1', 'release', `${workload.algorithm}.wasm`), output);
}

/** Runs a module under the wasmtime shim in Docker `runs` times; the guest's compute, median (and its digest and threads). */
async function wasmtimeRuns(engine: ContainerEngine, registry: CleanupRegistry, module: string, args: string[], runs: number, env: string[] = []): Promise<{ ms: number; digest: string; threads: number | null }> {
  const tag = `dockerwasm/bench-module:${sessionId}-${Math.random().toString(36).slice(2, 8)}`;
  await buildScratchImage(engine, registry, { tag, file: 'm.wasm', data: await readFile(module), platform: 'wasi/wasm', builder: 'buildkit', labels: labelsFor('test') });
  const times: number[] = [];
  let last: { digest: string; threads: number | null } = { digest: '', threads: null };
  for (let i = 0; i < runs; i++) {
    const run = await runContainer(engine, { image: tag, cmd: args, labels: labelsFor('test'), runtime: 'io.containerd.wasmtime.v1', networkMode: 'none', ...(env.length ? { env } : {}) }, { clock: monotonicMs, timeoutMs: defaults.timeoutSeconds * 1000, registry, watchMemory: false });
    const guest = parseGuestResult(run.stdout);
    if (guest === null) throw new Error(`wasmtime shim: ${run.error ?? 'no result line'}`);
    times.push(computeMsOf(guest));
    last = { digest: guest.digest, threads: guest.threads ?? null };
  }
  await engine.removeImage(tag);
  return { ms: median(times), ...last };
}

export async function measureModuleVariants(options: {
  workloads: Workload[];
  toolchain: Toolchain;
  runs: number;
  scratch: string;
  /** quick: no extra build (the SIMD128 module) */
  quick: boolean;
  say: (line: string) => void;
  /** when given, each module is also measured under the wasmtime shim (the threaded module on `cpus` threads and on one) */
  engine?: { engine: ContainerEngine; registry: CleanupRegistry; cpus: number };
}): Promise<ModuleVariantTable[]> {
  const tables: ModuleVariantTable[] = [];
  const { toolchain } = options;
  for (const workload of options.workloads) {
    const label = workloadLabel(workload);
    options.say(`module variants: ${label}`);
    const build = await buildGuest(workload, { toolchain });
    const args = guestArguments(workload);
    const native = await computeMedian(build.pathOf('native')!, args, options.runs);
    const nativeOneThread = await computeMedian(build.pathOf('native')!, args, options.runs, { RAYON_NUM_THREADS: '1' });
    const rows: VariantMeasure[] = [];
    const base = join(options.scratch, label);
    /** `compiled`: the module's AOT file when the guest build already made it (same flags); `generic`: compiled
     *  with `--generic-binary` (baseline x86-64, as rustc builds the native program) instead of for this host's CPU */
    const measure = async (
      variant: string,
      module: string,
      note: string,
      { how = 'aot', compiled, generic = false }: { how?: 'aot' | 'interpreter'; compiled?: string | undefined; generic?: boolean } = {},
    ) => {
      const bytes = (await stat(module)).size;
      let target = module;
      if (how === 'aot') {
        target = compiled ?? (generic ? `${base}.generic.aot` : `${module}.aot`);
        if (compiled === undefined) await execa('wasmedge', ['compile', ...(generic ? ['--generic-binary'] : []), ...aotFlags, module, target]);
      }
      const run = await computeMedian('wasmedge', [...(how === 'interpreter' ? ['--force-interpreter'] : []), target, ...args], how === 'interpreter' ? 1 : options.runs);
      // the generic build is WasmEdge's alone: the wasmtime shim's figure would repeat the row above
      const wasmtimeComputeMs = how === 'aot' && !generic && options.engine ? (await wasmtimeRuns(options.engine.engine, options.engine.registry, module, args, options.runs)).ms : null;
      rows.push({ variant, bytes, computeMs: run.ms, wasmtimeComputeMs, digestMatches: run.digest === native.digest, note });
      options.say(`  ${variant}: ${bytes} B, compute ${run.ms.toFixed(1)} ms with WasmEdge${how === 'aot' ? ' AOT' : ' (interpreter)'}${wasmtimeComputeMs === null ? '' : `, ${wasmtimeComputeMs.toFixed(1)} ms with wasmtime`} (native ${native.ms.toFixed(1)} ms), digest ${run.digest === native.digest ? 'equal' : 'DIFFERENT'}`);
    };

    const treeCsv = build.dataset?.file;
    const compared = build.pathOf('wasm')!;
    await measure('cargo output, release profile (what compare runs)', compared, build.artifact('wasm')!.compiler, { compiled: build.pathOf('wasmedge-aot') });
    await measure('the same, WasmEdge AOT with --generic-binary', compared, 'not tuned to this CPU, as the threaded AOT build is compiled', { generic: true });
    await execa('wasm-opt', [...wasmOptFlags, compared, '-o', `${base}.opt.wasm`]);
    await measure(`wasm-opt ${wasmOptFlags.join(' ')}`, `${base}.opt.wasm`, 'binaryen; opt-in with DOCKERWASM_WASM_OPT=1');
    if (!options.quick) {
      await simdModule(toolchain, workload, treeCsv, `${base}.simd.wasm`);
      await measure('SIMD128 (-C target-feature=+simd128)', `${base}.simd.wasm`, 'a variant: LLVM auto-vectorises; every runtime here supports SIMD');
    }
    if (workload.algorithm !== 'tree') {
      await measure('what compare runs, WasmEdge interpreter (no AOT)', compared, 'what a WasmEdge runtime does with a module that was not AOT-compiled', { how: 'interpreter' });
    }
    const threaded = build.pathOf('wasm-threads');
    if (threaded && options.engine) {
      // the plain threaded module under the wasmtime shim; its WasmEdge AOT build (waits on the runner's futexes) under wasmedge-run, standalone
      const bytes = (await stat(threaded)).size;
      const compiler = build.artifact('wasm-threads')!.compiler;
      const threadedAot = build.pathOf('wasmedge-threads-aot');
      for (const threads of [options.engine.cpus, 1]) {
        const run = await wasmtimeRuns(options.engine.engine, options.engine.registry, threaded, args, options.runs, [`RAYON_NUM_THREADS=${threads}`]);
        const onWasmedge = threadedAot ? await computeMedian('wasmedge-run', ['--env', `RAYON_NUM_THREADS=${threads}`, threadedAot, ...args], options.runs) : null;
        const variant = `wasm32-wasip1-threads, RAYON_NUM_THREADS=${threads}`;
        const digestMatches = run.digest === native.digest && (onWasmedge === null || onWasmedge.digest === native.digest);
        const wasmedgeNote = onWasmedge ? 'WasmEdge: its AOT build, waits on the runner\'s futexes (wasmedge-run)' : 'no WasmEdge AOT build of it (wasm-host-waits not installed)';
        rows.push({ variant, bytes, computeMs: onWasmedge?.ms ?? null, wasmtimeComputeMs: run.ms, digestMatches, note: `${compiler}; the guest's pool: ${run.threads ?? '?'} threads; ${wasmedgeNote}` });
        options.say(
          `  ${variant}: ${bytes} B, compute ${onWasmedge ? `${onWasmedge.ms.toFixed(1)} ms with WasmEdge AOT, ` : ''}${run.ms.toFixed(1)} ms with wasmtime on ${run.threads ?? '?'} threads (native ${native.ms.toFixed(1)} ms), digest ${digestMatches ? 'equal' : 'DIFFERENT'}`,
        );
      }
    }
    tables.push({ workload: label, nativeComputeMs: native.ms, nativeOneThreadComputeMs: nativeOneThread.ms, rows });
  }
  return tables;
}
