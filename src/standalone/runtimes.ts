// The standalone runtimes `dockerwasm runtimes` knows: each runs the guest as one fresh process outside
// any container. Every runtime the thesis measured (sections 5.1-5.3) keeps a row, runnable or not; the
// native binary is the baseline. Where a runtime's program is found: DOCKERWASM_RUNTIMES_PREFIX/bin
// (scripts/provision-runtimes.sh installs there), then PATH.

import { availableParallelism } from 'node:os';
import type { Flavour } from '../flavours/flavours.js';
import type { ThesisRuntime } from '../thesis/standalone-figures.js';

/** Which file a runtime runs: a flavour of the build, or the plain module rewritten by binaryen (for Wasm3). */
export type StandaloneModule = Flavour | 'wasm-binaryen';

export type ExecutionKind = 'native' | 'aot' | 'jit' | 'interpreter';

export interface StandaloneRuntime {
  name: string;
  /** how tables name it */
  label: string;
  thesisRow: ThesisRuntime | null;
  kind: ExecutionKind;
  module: StandaloneModule;
  /** the program run: looked up in the runtimes prefix, then on PATH ('node' is this Node.js; 'guest' is the native binary) */
  program: string;
  /** its arguments before the guest's own: `{module}` is the module's path, `{launcher}` a file under launchers/, `{cpus}` this machine's CPUs */
  args: string[];
  /** a launcher of ours the arguments name (launchers/<file>) */
  launcher?: string;
  /**
   * how it gives a user's program a host folder as "/" (`{dir}`) and an environment variable (`{env}`), just
   * before `{module}`; absent: it cannot, and a program that needs one skips it
   */
  programOptions?: { dir: string[]; env: string[] };
  versionArgs: string[];
  /** an interpreter runs a workload only up to these sizes of the knob that scales it, by workload, unless asked (`--interpreters-all`) */
  ceiling?: Readonly<Record<string, number>>;
  /** why the meter must not trace it (then its VmPeak is not read) */
  untraced?: string;
  /** what installs it */
  installedBy?: string;
  /** why it cannot run on any machine like this one (no stand-in runs under its name) */
  neverHere?: string;
  description: string;
}

export const runtimesPrefixDefault = '/usr/local/lib/dockerwasm/runtimes';

export const standaloneRuntimes: readonly StandaloneRuntime[] = [
  {
    name: 'native',
    label: 'native (Linux binary)',
    thesisRow: null,
    kind: 'native',
    module: 'native',
    program: 'guest',
    args: [],
    versionArgs: [],
    description: 'the static native binary of the same source: the baseline',
  },
  {
    name: 'wasmedge-aot',
    label: 'WasmEdge (AOT, O3)',
    thesisRow: 'WasmEdge',
    kind: 'aot',
    module: 'wasmedge-aot',
    program: 'wasmedge',
    args: ['{module}'],
    programOptions: { dir: ['--dir', '/:{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    installedBy: 'scripts/provision-engine.sh (Debian package wasmedge)',
    description: 'the wasmedge CLI on the module compiled ahead of time by `wasmedge compile --optimize 3` (as the thesis)',
  },
  {
    name: 'wasmedge-interpreter',
    label: 'WasmEdge (interpreter)',
    thesisRow: null,
    kind: 'interpreter',
    module: 'wasm',
    program: 'wasmedge',
    args: ['--force-interpreter', '{module}'],
    // about 15x slower than Wasm3 here: kmeans at 100,000 took 79 s a sample, the tree at 10,000 rows 94 s
    ceiling: { kmeans: 10_000, tree: 2_000 },
    programOptions: { dir: ['--dir', '/:{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    installedBy: 'scripts/provision-engine.sh (Debian package wasmedge)',
    description: 'the wasmedge CLI on the plain module, in its interpreter',
  },
  {
    name: 'wasmtime',
    label: 'Wasmtime (JIT)',
    thesisRow: 'Wasmtime',
    kind: 'jit',
    module: 'wasm',
    program: 'wasmtime-run',
    args: ['{module}'],
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    installedBy: 'scripts/build-shims.sh (run by scripts/provision-engine.sh)',
    description: "the wasmtime engine of our containerd shim (same version and configuration), compiling the module with Cranelift at every start; no compilation cache",
  },
  {
    name: 'wasmtime-precompiled',
    label: 'Wasmtime (precompiled)',
    thesisRow: null,
    kind: 'aot',
    module: 'wasmtime-cwasm',
    program: 'wasmtime-run',
    args: ['{module}'],
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    installedBy: 'scripts/build-shims.sh (run by scripts/provision-engine.sh)',
    description: 'the same engine on the module precompiled by wasmtime-precompile: load only, no compile at start',
  },
  {
    name: 'wasmtime-threads',
    label: 'Wasmtime (threads)',
    thesisRow: null,
    kind: 'jit',
    module: 'wasm-threads',
    program: 'wasmtime-run',
    // WASI tells the guest it has one CPU, so rayon is given the pool size the native binary finds
    args: ['--env', 'RAYON_NUM_THREADS={cpus}', '{module}'],
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    installedBy: 'scripts/build-shims.sh (run by scripts/provision-engine.sh)',
    description: "the same engine on the wasm32-wasip1-threads build, rayon's pool on real threads (wasi-threads), one per CPU; not in the thesis",
  },
  {
    name: 'wasmedge-threads',
    label: 'WasmEdge (AOT, threads)',
    thesisRow: null,
    kind: 'aot',
    module: 'wasmedge-threads-aot',
    program: 'wasmedge-run',
    args: ['--env', 'RAYON_NUM_THREADS={cpus}', '{module}'],
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    installedBy: 'scripts/build-shims.sh (run by scripts/provision-engine.sh)',
    description:
      "the WasmEdge library of our WasmEdge shim, with the wasi-threads WasmEdge lacks, on the wasm32-wasip1-threads build AOT-compiled by `wasmedge compile --generic-binary --enable-threads --optimize 3` (its atomic waits and notifies moved to our runner's futexes first by `wasm-host-waits`: WasmEdge 0.14 loses wake-ups), one thread per CPU; not in the thesis",
  },
  {
    name: 'wasmer',
    label: 'Wasmer (Cranelift)',
    thesisRow: 'Wasmer',
    kind: 'jit',
    module: 'wasm',
    program: 'wasmer',
    args: ['{module}'],
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    description: 'Wasmer with its Cranelift compiler, from the wasmer Python package (scripts/provision-runtimes.sh)',
  },
  {
    name: 'wasm3',
    label: 'Wasm3 (interpreter)',
    thesisRow: 'Wasm3',
    kind: 'interpreter',
    module: 'wasm-binaryen',
    // the thesis's Wasm3 took about 150 s a sample for K-Means at 1M and 10 minutes for the tree
    ceiling: { kmeans: 100_000, tree: 20_000 },
    program: 'wasm3',
    args: ['{module}'],
    versionArgs: ['--version'],
    description: "Wasm3 0.5.0, the thesis's version, built from the pywasm3 sources; it runs the module rewritten by binaryen with no passes (0.5.0 rejects rustc's LEB encodings)",
  },
  {
    name: 'wavm',
    label: 'WAVM',
    thesisRow: 'WAVM',
    kind: 'jit',
    module: 'wasm',
    program: 'wavm',
    args: ['run', '{module}'],
    versionArgs: ['version'],
    neverHere: 'no WAVM package in any registry this machine reaches (Debian, PyPI, crates.io, npm, Maven, Go); it needs an LLVM source build from GitHub, which is not reachable',
    description: 'WAVM (LLVM JIT)',
  },
  {
    name: 'graalwasm',
    label: 'GraalWasm (JIT)',
    thesisRow: 'GraalWasm',
    kind: 'jit',
    module: 'wasm',
    program: 'graalwasm',
    args: ['{module}'],
    versionArgs: ['--version'],
    description: 'GraalWasm (Maven artifacts) on the Temurin 25 JDK with the Graal JIT compiler on',
  },
  {
    name: 'spin',
    label: 'Spin',
    thesisRow: 'Spin',
    kind: 'jit',
    module: 'wasm',
    program: 'spin',
    args: ['up', '--from', '{module}'],
    versionArgs: ['--version'],
    neverHere:
      "no Spin CLI in any registry this machine reaches; and the thesis's Spin figures are per HTTP request to a running `spin up`, not per process, so a process-per-sample row would not be the same measurement",
    description: 'Spin (Fermyon), an HTTP framework over wasmtime',
  },
  {
    name: 'node',
    label: 'Node.js WASI (V8)',
    thesisRow: null,
    kind: 'jit',
    module: 'wasm',
    program: 'node',
    // Without --no-turbo-fast-api-calls, Node.js 20.20 segfaults after kmeans at 1,000,000 observations has
    // printed its result (13 runs of 13 under the meter, traced or not); with it, 8 of 8 exit 0, traced. Fast
    // API calls into WASI can start a garbage collection inside the call (nodejs/node#46777, open). The flag
    // changes how V8 calls WASI's host functions, not the code it generates for the module.
    args: ['--no-warnings', '--no-turbo-fast-api-calls', '{launcher}', '{module}'],
    launcher: 'node-wasi-run.mjs',
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    description: "Node.js's own WASI preview 1 on V8 (Liftoff, then TurboFan); not in the thesis",
  },
  {
    name: 'wazero',
    label: 'wazero (compiler)',
    thesisRow: null,
    kind: 'jit',
    module: 'wasm',
    program: 'wazero',
    args: ['{module}'],
    programOptions: { dir: ['--dir', '{dir}'], env: ['--env', '{env}'] },
    versionArgs: ['--version'],
    description: 'wazero, a pure-Go runtime, with its ahead-of-load compiler and no compilation cache; not in the thesis',
  },
];

export const standaloneRuntimeNames = standaloneRuntimes.map((runtime) => runtime.name);

export function findStandaloneRuntime(name: string): StandaloneRuntime | undefined {
  return standaloneRuntimes.find((runtime) => runtime.name === name);
}

/** What a user's program asks of a runtime: a host folder as "/" (it reads files by relative path), and environment variables. */
export interface ProgramNeeds {
  dir?: string;
  env: readonly string[];
}

/** Why this runtime cannot run a program with these needs, or null when it can. */
export function programSkipReason(runtime: StandaloneRuntime, needs: ProgramNeeds): string | null {
  if (runtime.program === 'guest' || runtime.programOptions || (needs.dir === undefined && needs.env.length === 0)) return null;
  return `gives a module no ${needs.dir !== undefined ? 'folder' : 'environment'} (the program's ${needs.dir !== undefined ? 'files' : 'env'} in dockerwasm.yaml)`;
}

/** The argument vector of one run: the program's own arguments with the module and launcher filled in (a user's program's folder and environment just before the module), then the guest's. */
export function commandArgs(
  runtime: StandaloneRuntime,
  paths: { module: string; launcher?: string },
  guestArgs: readonly string[],
  cpus = availableParallelism(),
  needs: ProgramNeeds = { env: [] },
): string[] {
  const options = runtime.programOptions;
  const program = options
    ? [...(needs.dir === undefined ? [] : options.dir.map((arg) => arg.replace('{dir}', needs.dir!))), ...needs.env.flatMap((entry) => options.env.map((arg) => arg.replace('{env}', entry)))]
    : [];
  const own = runtime.args.flatMap((arg) => (arg === '{module}' ? [...program, paths.module] : [arg === '{launcher}' ? (paths.launcher ?? arg) : arg.replace('{cpus}', String(cpus))]));
  return [...own, ...guestArgs];
}
