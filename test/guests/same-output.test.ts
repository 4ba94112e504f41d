// One source, five ways to run it: the static native binary, the module AOT-compiled for WasmEdge, the
// module under Node's WASI (V8, independent of both), and the module built for wasm32-wasip1-threads on
// real threads, under wasmtime-run (the wasmtime shim's engine) and, AOT-compiled, under wasmedge-run
// (the WasmEdge shim's wasi-threads). All must print one JSON line with the
// same result and the same digest of the model's outputs: then the Docker comparison compares like
// with like. Needs the guest toolchain, not the engine.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseGuestResult, type GuestResult } from '../../src/results/guest-result.js';
import { buildGuest } from '../../src/guests/build-guest.js';
import { findToolchain } from '../../src/guests/toolchain.js';
import { guestArguments, workloadLabel, type Workload } from '../../src/workloads/workload.js';

const nodeWasi = join(import.meta.dirname, '..', '..', 'launchers', 'node-wasi-run.mjs');

async function resultOf(file: string, args: string[]): Promise<GuestResult> {
  const { stdout } = await execa(file, args);
  expect(stdout.trim().split('\n'), `${file}: one line on stdout`).toHaveLength(1);
  const result = parseGuestResult(stdout);
  expect(result, `${file}: a result line`).not.toBeNull();
  return result!;
}

const workloads: Workload[] = [
  { algorithm: 'kmeans', observations: 20_000 },
  { algorithm: 'linreg', dataset: 'iris' },
  { algorithm: 'tree', rows: 20_000 },
];

describe('guests: native and Wasm compute the same thing', () => {
  it.each(workloads.map((w) => [workloadLabel(w), w] as const))('%s: native, WasmEdge AOT and Node WASI agree', async (_label, workload) => {
    const build = await buildGuest(workload, { toolchain: await findToolchain() });
    const args = guestArguments(workload);
    const native = await resultOf(build.pathOf('native')!, args);
    const wasmedge = await resultOf('wasmedge', [build.pathOf('wasmedge-aot')!, ...args]);
    const v8 = await resultOf(process.execPath, ['--no-warnings', nodeWasi, build.pathOf('wasm')!, ...args]);
    for (const other of [wasmedge, v8]) {
      expect(other.result).toEqual(native.result);
      expect(other.digest).toBe(native.digest);
      expect(other.threads, 'wasm32-wasip1 has one thread').toBe(1);
    }
    expect(native.threads).toBe(availableParallelism());
    // the wasm32-wasip1-threads build, on real threads under the wasmtime shim's engine (wasmtime-run)
    const threadedModule = build.pathOf('wasm-threads');
    expect(threadedModule, "no wasm32-wasip1-threads module: is rustup's wasm32-wasip1-threads target installed (scripts/provision-engine.sh)?").toBeDefined();
    const threaded = await resultOf('wasmtime-run', ['--env', `RAYON_NUM_THREADS=${availableParallelism()}`, threadedModule!, ...args]);
    expect(threaded.result).toEqual(native.result);
    expect(threaded.digest).toBe(native.digest);
    expect(threaded.threads).toBe(availableParallelism());
    // the same module AOT-compiled for WasmEdge with its waits on the runner's futexes, on WasmEdge with our wasi-threads (wasmedge-run)
    const threadedAot = build.pathOf('wasmedge-threads-aot');
    expect(threadedAot, 'no WasmEdge AOT build of the threaded module: are wasmedge and wasm-host-waits (scripts/build-shims.sh) installed?').toBeDefined();
    const onWasmedge = await resultOf('wasmedge-run', ['--env', `RAYON_NUM_THREADS=${availableParallelism()}`, threadedAot!, ...args]);
    expect(onWasmedge.result).toEqual(native.result);
    expect(onWasmedge.digest).toBe(native.digest);
    expect(onWasmedge.threads).toBe(availableParallelism());
    if (workload.algorithm === 'tree') {
      const { accuracy, majority_baseline: baseline } = native.result as { accuracy: number; majority_baseline: number };
      expect(accuracy).toBeGreaterThan(0.8);
      expect(baseline).toBeGreaterThan(0.9);
    }
  });
});
