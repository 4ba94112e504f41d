// Making the Wasm side fast, measured: each change to the module (wasm-opt, SIMD128) or to how it runs
// (AOT vs interpreter) is measured against the plain module by the guest's own compute time, standalone
// (native binary vs `wasmedge` on this machine: code quality, without the container around it), and is
// kept only when its digest equals the native one (same computation).
import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { median } from 'simple-statistics';
import { parseGuestResult } from '../src/bench/records.js';
import { buildGuest } from '../src/guests/build-guest.js';
import type { Toolchain } from '../src/guests/toolchain.js';
import { guestArguments, workloadLabel, type Workload } from '../src/guests/workloads.js';
import { paths } from '../src/io/project-paths.js';
import { resolveTreeDataset } from '../src/datasets/dataset-store.js';

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

async function aot(input: string, output: string, extra: string[] = []): Promise<void> {
  await execa('wasmedge', ['compile', '--optimize', '3', ...extra, input, output]);
}

export async function measureModuleVariants(options: {
  workloads: Workload[];
  toolchain: Toolchain;
  runs: number;
  scratch: string;
  say: (line: string) => void;
}): Promise<ModuleVariantTable[]> {
  const tables: ModuleVariantTable[] = [];
  for (const workload of options.workloads) {
    const label = workloadLabel(workload);
    options.say(`module variants: ${label}`);
    const build = await buildGuest(workload, { toolchain: options.toolchain });
    const args = guestArguments(workload);
    const native = await computeMedian(build.pathOf('native')!, args, options.runs);
    const plain = build.pathOf('wasm')!;
    const rows: VariantMeasure[] = [];
    const measure = async (variant: string, module: string, aotFile: string | null, note: string, interpreter = false) => {
      const bytes = (await stat(module)).size;
      const target = aotFile ?? module;
      const run = await computeMedian('wasmedge', [...(interpreter ? ['--force-interpreter'] : []), target, ...args], interpreter ? 1 : options.runs);
      rows.push({ variant, bytes, computeMs: run.ms, digestMatches: run.digest === native.digest, note });
      options.say(`  ${variant}: ${bytes} B, compute ${run.ms.toFixed(1)} ms (native ${native.ms.toFixed(1)} ms), digest ${run.digest === native.digest ? 'equal' : 'DIFFERENT'}`);
    };

    const base = join(options.scratch, label);
    await aot(plain, `${base}.aot.wasm`);
    await measure('plain module, WasmEdge AOT -O3 (what compare runs)', plain, `${base}.aot.wasm`, 'release profile: opt-level 3, fat LTO, 1 codegen unit, panic=abort, stripped');

    await execa('wasm-opt', ['-O3', '--all-features', plain, '-o', `${base}.opt.wasm`]);
    await aot(`${base}.opt.wasm`, `${base}.opt.aot.wasm`);
    await measure('wasm-opt -O3, then AOT', `${base}.opt.wasm`, `${base}.opt.aot.wasm`, 'binaryen 120');

    const simdTarget = join(paths.artifacts(), '.cargo-target-simd128');
    const env: Record<string, string> = {
      RUSTC: options.toolchain.rustc,
      CARGO_TARGET_DIR: simdTarget,
      CARGO_TARGET_WASM32_WASIP1_LINKER: options.toolchain.wasmLinker,
      CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS: '-C target-feature=+simd128',
    };
    if (workload.algorithm === 'tree') env.DOCKERWASM_TREE_CSV = (await resolveTreeDataset(workload.rows!)).csvPath;
    await execa(options.toolchain.cargo, ['build', '--release', '--locked', '--package', workload.algorithm, '--target', 'wasm32-wasip1'], { cwd: paths.guestSources(), env });
    await copyFile(join(simdTarget, 'wasm32-wasip1', 'release', `${workload.algorithm}.wasm`), `${base}.simd.wasm`);
    await aot(`${base}.simd.wasm`, `${base}.simd.aot.wasm`);
    await measure('SIMD128 (-C target-feature=+simd128), then AOT', `${base}.simd.wasm`, `${base}.simd.aot.wasm`, 'auto-vectorised by LLVM; needs a runtime with SIMD (all four here have it)');

    if (workload.algorithm !== 'tree') {
      await measure('plain module, WasmEdge interpreter (no AOT)', plain, null, 'what WasmEdge runs without AOT', true);
    }
    tables.push({ workload: label, nativeComputeMs: native.ms, rows });
  }
  return tables;
}
