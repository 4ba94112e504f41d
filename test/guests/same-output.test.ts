// One source, five ways to run it: the static native binary, the module AOT-compiled for WasmEdge, the
// module under Node's WASI (V8, independent of both), and the module built for wasm32-wasip1-threads on
// real threads, under wasmtime-run (the wasmtime shim's engine) and, AOT-compiled, under wasmedge-run
// (the WasmEdge shim's wasi-threads). All must print one JSON line with the
// same result and the same digest of the model's outputs: then the Docker comparison compares like
// with like. Users' programs (examples/, and a pair built by hand) must print the same stdout natively, under
// wasmtime-run, WasmEdge AOT and Node's WASI. Needs the guest toolchains (Rust, Go, clang), not the engine.
import { mkdtempSync, copyFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseGuestResult, type GuestResult } from '../../src/results/guest-result.js';
import { buildGuest } from '../../src/guests/build-guest.js';
import { findToolchain } from '../../src/guests/toolchain.js';
import { completeWorkload, guestArguments, workloadLabel, type Workload } from '../../src/workloads/workload.js';

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

const examples = resolve(import.meta.dirname, '..', '..', 'examples');

/** The stdout of one run in the program's folder; it must succeed. */
async function stdoutOf(folder: string, file: string, args: string[]): Promise<string> {
  const run = await execa(file, args, { cwd: folder, reject: false });
  expect(run.exitCode, `${file} ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** Native, then the module under wasmtime-run, WasmEdge AOT and Node WASI, each given the folder: all print the same. */
async function expectSameStdout(workload: Workload, folder: string, args: string[]): Promise<string> {
  const build = await buildGuest(workload, { toolchain: await findToolchain() });
  const native = await stdoutOf(folder, build.pathOf('native')!, args);
  expect(native.length).toBeGreaterThan(0);
  expect(await stdoutOf(folder, 'wasmtime-run', ['--dir', folder, build.pathOf('wasm')!, ...args])).toBe(native);
  expect(await stdoutOf(folder, 'wasmedge', ['--dir', `/:${folder}`, build.pathOf('wasmedge-aot')!, ...args])).toBe(native);
  expect(await stdoutOf(folder, process.execPath, ['--no-warnings', nodeWasi, '--dir', folder, build.pathOf('wasm')!, ...args])).toBe(native);
  return native;
}

describe("guests: a user's program prints the same natively and in Wasm", () => {
  const cases = [
    ['c-wordfreq', ['input.txt', '10', '2']],
    ['go-deflate', ['input.txt', '3']],
    ['rust-jsonstats', ['orders.json', '2']],
  ] as const;
  it.each(cases)('examples/%s', async (name, args) => {
    const folder = join(examples, name);
    await expectSameStdout(completeWorkload({ algorithm: '', program: folder }), folder, [...args]);
  });

  it('a pair built by hand with the toolchains\' own commands (--native, --wasm)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-pair-'));
    copyFileSync(join(examples, 'c-wordfreq', 'input.txt'), join(folder, 'input.txt'));
    const source = join(examples, 'c-wordfreq', 'wordfreq.c');
    await execa('clang-19', ['-O2', '-static', '-o', join(folder, 'wordfreq'), source]);
    await execa('clang-19', ['--target=wasm32-wasi', '-O2', '-o', join(folder, 'wordfreq.wasm'), source]);
    const workload = completeWorkload({ algorithm: '', native: join(folder, 'wordfreq'), wasm: join(folder, 'wordfreq.wasm') });
    expect(workloadLabel(workload)).toBe('wordfreq');
    expect(await expectSameStdout(workload, folder, ['input.txt', '5'])).toMatch(/^123948 words, 77 distinct\n/);
  });
});
