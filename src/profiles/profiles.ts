// The runtime profiles dockerwasm knows: how each one is asked for through the Docker API, which
// image it runs (the native binary, the plain module, or a module compiled ahead of time for it),
// and what the engine needs for it to exist.
import type { Flavour } from '../flavours/flavours.js';

export interface RuntimeProfile {
  name: string;
  kind: 'native' | 'wasm';
  /** HostConfig.Runtime */
  runtime: string;
  annotations?: Record<string, string>;
  /** which build of the guest it runs */
  module: Flavour;
  /** a runtime dockerd must list in `docker info` (daemon.json "runtimes") */
  registeredRuntime?: string;
  /** a containerd shim-v2 binary containerd must find on its PATH */
  shimBinary?: string;
  /** true: it runs a module that spawns threads (wasi-threads' `thread-spawn`); a text: why it does not */
  wasiThreads?: true | string;
  /** the threaded build it runs (`--wasm-threads`) when that was built; else the plain threaded module */
  threadsModule?: Flavour;
  description: string;
}

/** Why crun's WasmEdge handler refuses a threaded module: WasmEdge has no `thread-spawn`, and crun does not turn on its threads proposal. */
const wasmedgeNoThreads = 'WasmEdge dropped the wasi-threads proposal (WasmEdge#2273), so nothing provides `thread-spawn`';

/** The error a threaded module's failed sample is recorded with on a runtime without wasi-threads. */
export function noWasiThreadsError(profile: RuntimeProfile, error: string): string {
  const why = typeof profile.wasiThreads === 'string' ? profile.wasiThreads : 'it is not known to implement wasi-threads';
  return `${error}: ${profile.name} has no wasi-threads (${why}; the runtime's own words are in the stderr tail or the engine's log)`;
}

export const runtimeProfiles: readonly RuntimeProfile[] = [
  {
    name: 'runc',
    kind: 'native',
    runtime: 'runc',
    module: 'native',
    description: 'Linux container: the static native binary on the Linux base image, run by runc',
  },
  {
    name: 'crun-wasmedge',
    kind: 'wasm',
    runtime: 'crun',
    annotations: { 'run.oci.handler': 'wasm' },
    module: 'wasmedge-aot',
    registeredRuntime: 'crun',
    wasiThreads: wasmedgeNoThreads,
    threadsModule: 'wasmedge-threads-aot',
    description: "crun's WasmEdge handler (libwasmedge in-process); runs the module AOT-compiled by `wasmedge compile -O3`",
  },
  {
    name: 'io.containerd.wasmtime.v1',
    kind: 'wasm',
    runtime: 'io.containerd.wasmtime.v1',
    module: 'wasm',
    shimBinary: 'containerd-shim-wasmtime-v1',
    wasiThreads: true,
    description: 'runwasi wasmtime shim; compiles the module with Cranelift at every start',
  },
  {
    name: 'io.containerd.wasmedge.v1',
    kind: 'wasm',
    runtime: 'io.containerd.wasmedge.v1',
    module: 'wasmedge-aot',
    shimBinary: 'containerd-shim-wasmedge-v1',
    // our shim provides wasi-threads itself on WasmEdge's C API (shims/src/wasmedge_command.rs)
    wasiThreads: true,
    threadsModule: 'wasmedge-threads-aot',
    description: 'runwasi WasmEdge shim; runs the module AOT-compiled by `wasmedge compile -O3`',
  },
  {
    name: 'io.containerd.spin.v2',
    kind: 'wasm',
    runtime: 'io.containerd.spin.v2',
    module: 'wasm',
    shimBinary: 'containerd-shim-spin-v2',
    description: 'Spin shim (Docker Desktop ships it)',
  },
  {
    name: 'io.containerd.slight.v1',
    kind: 'wasm',
    runtime: 'io.containerd.slight.v1',
    module: 'wasm',
    shimBinary: 'containerd-shim-slight-v1',
    description: 'SpiderLightning shim (Docker Desktop ships it)',
  },
];

export const profileNames = runtimeProfiles.map((profile) => profile.name);

export function findProfile(name: string): RuntimeProfile | undefined {
  return runtimeProfiles.find((profile) => profile.name === name);
}

/** Recognises the engine's error for a shim containerd could not find, and says it in one line. */
export function missingShimReason(profile: RuntimeProfile, engineMessage: string): string | undefined {
  if (profile.shimBinary === undefined) return undefined;
  const missing =
    /executable file not found|not found in \$PATH|no such file or directory|binary not installed|unknown runtime/i.test(engineMessage);
  return missing ? `${profile.shimBinary} not found on dockerd's PATH` : undefined;
}
