// Making the Wasm side fast, measured: each change to the module (wasm-opt, SIMD128) or to how it runs
// (AOT vs interpreter) is measured by the guest's own compute time, standalone (native binary vs
// `wasmedge` on this machine: the code's quality, without the container around it), and counts only
// when its digest equals the native one (the same computation).
import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { median } from 'simple-statistics';
import { parseGuestResult } from '../src/bench/records.js';
import { buildGuest, guestCargoEnvironment, wasmOptFlags } from '../src/guests/build-guest.js';
import type { Toolchain } from '../src/guests/toolchain.js';
import { guestArguments, workloadLabel, type Workload } from '../src/guests/workloads.js';
import { paths } from '../src/io/project-paths.js';

export interface VariantMeasure {
  variant: string;
  bytes: number;
  computeMs: number | null;
  digestMatches: boolean | null;
  note: string;
}

export interface ModuleVariantTable {
  workload: string;
  nativeComputeMs: number;
  rows: VariantMeasure[];
}

async function computeMedian(command: string, args: string[], runs: number): Promise<{ ms: number; digest: string }> {
  const times: number[] = [];
  let digest = '';
  for (let i = 0; i < runs; i++) {
    const result = await execa(command, args, { reject: false, timeout: 900_000 });
    const guest = parseGuestResult(String(result.stdout));
    if (guest === null) throw new Error(`${command} ${args.join(' ')}: no result line (${String(result.stderr).slice(-200)})`);
    times.push(guest.compute_ms);
    digest = guest.digest;
  }
  return { ms: median(times), digest };
}

/** Builds the module with cargo alone (no wasm-opt), optionally with extra rustflags in a target dir of its own. */
async function cargoModule(toolchain: Toolchain, workload: Workload, treeCsv: string | undefined, output: string, rustflags?: string): Promise<void> {
  const env = guestCargoEnvironment(toolchain, treeCsv);
  if (rustflags) {
    env.CARGO_TARGET_DIR = join(paths.artifacts(), '.cargo-target-simd128');
    env.CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS = rustflags;
  }
  await execa(toolchain.cargo, ['build', '--release', '--locked', '--package', workload.algorithm, '--target', 'wasm32-wasip1'], { cwd: paths.guestSources(), env });
  await copyFile(join(env.CARGO_TARGET_DIR!, 'wasm32-wasip1', 'release', `${workload.algorithm}.wasm`), output);
}

export async function measureModuleVariants(options: {
  workloads: Workload[];
  toolchain: Toolchain;
  runs: number;
  scratch: string;
  /** quick: no extra builds (the cargo-only and SIMD128 modules) */
  quick: boolean;
  say: (line: string) => void;
}): Promise<ModuleVariantTable[]> {
  const tables: ModuleVariantTable[] = [];
  const { toolchain } = options;
  for (const workload of options.workloads) {
    const label = workloadLabel(workload);
    options.say(`module variants: ${label}`);
    const build = await buildGuest(workload, { toolchain });
    const args = guestArguments(workload);
    const native = await computeMedian(build.pathOf('native')!, args, options.runs);
    const rows: VariantMeasure[] = [];
    const base = join(options.scratch, label);
    const measure = async (variant: string, module: string, note: string, how: 'aot' | 'interpreter' = 'aot') => {
      const bytes = (await stat(module)).size;
      let target = module;
      if (how === 'aot') {
        target = `${module}.aot`;
        await execa('wasmedge', ['compile', '--optimize', '3', module, target]);
      }
      const run = await computeMedian('wasmedge', [...(how === 'interpreter' ? ['--force-interpreter'] : []), target, ...args], how === 'interpreter' ? 1 : options.runs);
      rows.push({ variant, bytes, computeMs: run.ms, digestMatches: run.digest === native.digest, note });
      options.say(`  ${variant}: ${bytes} B, compute ${run.ms.toFixed(1)} ms (native ${native.ms.toFixed(1)} ms), digest ${run.digest === native.digest ? 'equal' : 'DIFFERENT'}`);
    };

    const treeCsv = build.dataset?.file;
    if (!options.quick) {
      await cargoModule(toolchain, workload, treeCsv, `${base}.cargo.wasm`);
      await measure('cargo output (release profile), WasmEdge AOT -O3', `${base}.cargo.wasm`, 'opt-level 3, fat LTO, 1 codegen unit, panic=abort, stripped: the thesis built like this');
    }
    const optimised = build.artifact('wasm')!.flags.includes('-O3');
    await measure(`${optimised ? `then wasm-opt ${wasmOptFlags.join(' ')}` : 'cargo output'}, WasmEdge AOT -O3 (what compare runs)`, build.pathOf('wasm')!, build.artifact('wasm')!.compiler);
    if (!options.quick) {
      await cargoModule(toolchain, workload, treeCsv, `${base}.simd.wasm`, '-C target-feature=+simd128');
      await execa('wasm-opt', [...wasmOptFlags, `${base}.simd.wasm`, '-o', `${base}.simd.opt.wasm`]);
      await measure('SIMD128 (+simd128), wasm-opt, WasmEdge AOT -O3', `${base}.simd.opt.wasm`, 'a variant: LLVM auto-vectorises; needs a runtime with SIMD (all four here have it)');
    }
    if (workload.algorithm !== 'tree') {
      await measure('what compare runs, WasmEdge interpreter (no AOT)', build.pathOf('wasm')!, 'what a WasmEdge runtime does with a module that was not AOT-compiled', 'interpreter');
    }
    tables.push({ workload: label, nativeComputeMs: native.ms, rows });
  }
  return tables;
}
