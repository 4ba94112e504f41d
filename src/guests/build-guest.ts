// Builds one workload from one source, twice (native static binary, wasm32-wasip1 module), plus the
// ahead-of-time flavours: a WasmEdge AOT module (`wasmedge compile --optimize 3`, as the thesis) and a
// module precompiled for our wasmtime shim; and, when rustup's wasm32-wasip1-threads target is installed, the
// same source built for it (rayon's pool on wasi-threads), and that module AOT-compiled for WasmEdge with
// its atomic waits and notifies moved to our runners' futexes (WasmEdge 0.14 loses wake-ups). Only what is missing or stale is built.
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { resolveTreeDataset } from '../datasets/dataset-store.js';
import { DockerwasmError } from '../errors.js';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { paths } from '../io/project-paths.js';
import { monotonicMs } from '../io/clock.js';
import {
  buildFolder,
  describeFile,
  manifestPath,
  readGuestManifest,
  type Artifact,
  type GuestManifest,
} from './artifact-store.js';
import type { Flavour } from '../config/runtime-profiles.js';
import { hashGuestSources } from './source-hash.js';
import type { Toolchain } from './toolchain.js';
import { buildKey, type Workload } from '../config/settings.js';

export interface GuestBuild {
  key: string;
  folder: string;
  manifest: GuestManifest;
  /** absolute path of a flavour's file, or undefined when it was not built */
  pathOf(flavour: Flavour): string | undefined;
  artifact(flavour: Flavour): Artifact | undefined;
  /** what the build used for its dataset, when it embeds one */
  dataset: { file: string; source: string; rows: number; sha256: string } | null;
  /** true when nothing had to be built */
  fresh: boolean;
}

export interface GuestBuildOptions {
  toolchain: Toolchain;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** rebuild even when the artifacts are fresh */
  force?: boolean;
}

/**
 * Every target, native and Wasm alike: LLVM's inliner with a larger budget than its default (225). At the default,
 * linfa's K-Means calls its per-point distance (`L2Dist::rdistance`, an ndarray fold over 2 floats) out of line, and
 * such a call costs more in Wasm (its array views go through the shadow stack in linear memory). Measured one thread,
 * interleaved: fit 1734 -> 1224 ms natively, 1970 -> 1142 ms under WasmEdge AOT.
 */
const inlineRustflags = ['-C', 'llvm-args=-inline-threshold=1000'];
const nativeRustflags = ['-C', 'target-feature=+crt-static', ...inlineRustflags];
/** --all-features: accept whatever features rustc's wasm32-wasip1 output uses (bulk memory, sign-ext, ...) */
export const wasmOptFlags = ['-O3', '--all-features'];
const cargoProfile = 'release (opt-level 3, fat LTO, 1 codegen unit, panic=abort, stripped)';
/** `wasmedge compile` of the one-thread module, as the thesis (tuned to this host's CPU) */
export const aotFlags = ['--optimize', '3'];
/** The ahead-of-time flavours, each with the module built here that it is compiled from. */
export const compiledFrom: Partial<Record<Flavour, Flavour>> = { 'wasmedge-aot': 'wasm', 'wasmtime-cwasm': 'wasm', 'wasmedge-threads-aot': 'wasm-threads' };
/**
 * WasmEdge compiles a module that uses atomics only with its threads proposal on. `--generic-binary`: code for
 * baseline x86-64, as rustc builds the native program, not tuned to this host's CPU (on a Xeon host, K-Means in
 * a container ran at 1.12x Linux's time against 1.25x host-tuned, results/sample/table18-kmeans-aot-*).
 */
export const threadsAotFlags = ['--generic-binary', '--enable-threads', ...aotFlags];

function envName(target: string): string {
  return `CARGO_TARGET_${target.toUpperCase().replace(/[-.]/g, '_')}_RUSTFLAGS`;
}

/** The environment cargo builds the guests in (Debian's rustc, our target dir, the static and wasm linker flags). */
export function guestCargoEnvironment(toolchain: Toolchain, treeCsv?: string): Record<string, string> {
  return {
    RUSTC: toolchain.rustc,
    CARGO_TARGET_DIR: join(paths.artifacts(), '.cargo-target'),
    [envName(toolchain.hostTarget)]: nativeRustflags.join(' '),
    [envName(toolchain.wasmTarget)]: inlineRustflags.join(' '),
    CARGO_TARGET_WASM32_WASIP1_LINKER: toolchain.wasmLinker,
    ...(treeCsv === undefined ? {} : { DOCKERWASM_TREE_CSV: treeCsv }),
  };
}

export async function runTool(
  what: string,
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; onProgress?: (line: string) => void; signal?: AbortSignal },
): Promise<void> {
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const tail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      const text = line.trim();
      if (text === '') continue;
      tail.push(text);
      if (tail.length > 200) tail.shift();
      if (/^(Compiling|Finished|Downloaded|Updating|error|warning: unused)/.test(text)) options.onProgress?.(text);
    }
  });
  const result = await child;
  if (result.isCanceled) throw new DockerwasmError('INTERRUPTED', `${what}: interrupted`);
  if (result.failed) {
    const firstError = tail.find((line) => line.startsWith('error')) ?? tail[tail.length - 1] ?? result.shortMessage;
    throw new DockerwasmError('BUILD_FAILED', `${what} failed: ${firstError}`, { cause: result });
  }
}

async function place(source: string, destination: string, mode: number): Promise<void> {
  await copyFile(source, `${destination}.partial`);
  await publish(destination, mode);
}

/** A tool wrote `<destination>.partial`: give it its mode and put it in place in one rename. */
async function publish(destination: string, mode: number): Promise<void> {
  await chmod(`${destination}.partial`, mode);
  await rename(`${destination}.partial`, destination);
}

export async function buildGuest(workload: Workload, options: GuestBuildOptions): Promise<GuestBuild> {
  const { toolchain } = options;
  const key = buildKey(workload);
  const guestRoot = paths.guestSources();
  const say = options.onProgress ?? (() => undefined);
  /** what each tool run gets to be cancelled with */
  const cancel = options.signal ? { signal: options.signal } : {};

  let dataset: GuestBuild['dataset'] = null;
  if (workload.algorithm === 'tree') {
    const resolved = await resolveTreeDataset(workload.rows, {
      onGenerate: (rows) => say(`making the synthetic CVD dataset (${rows} rows)`),
    });
    dataset = { file: resolved.csvPath, source: resolved.manifest.source, rows: resolved.manifest.rows, sha256: resolved.manifest.sha256 };
  }
  const env = guestCargoEnvironment(toolchain, dataset?.file);

  const inputs = {
    rustc: toolchain.rustcVersion,
    hostTarget: toolchain.hostTarget,
    wasmTarget: toolchain.wasmTarget,
    nativeRustflags,
    wasmRustflags: inlineRustflags,
    profile: cargoProfile,
    wasmOpt: toolchain.wasmOpt ? `${toolchain.wasmOpt.version} ${wasmOptFlags.join(' ')}` : null,
    dataset: dataset?.sha256 ?? null,
  };
  const sourceHash = await hashGuestSources(guestRoot, ['common', workload.algorithm], inputs);
  const folder = buildFolder(key, sourceHash);
  const existing = options.force ? undefined : await readGuestManifest(folder);

  const wanted: { flavour: Flavour; compiler: string }[] = [
    { flavour: 'native', compiler: `${toolchain.rustcVersion} --target ${toolchain.hostTarget}` },
    {
      flavour: 'wasm',
      compiler: `${toolchain.rustcVersion} --target ${toolchain.wasmTarget}${toolchain.wasmOpt ? `, then ${toolchain.wasmOpt.version} ${wasmOptFlags.join(' ')}` : ''}`,
    },
  ];
  if (toolchain.wasmedge) wanted.push({ flavour: 'wasmedge-aot', compiler: `${toolchain.wasmedge.version} compile ${aotFlags.join(' ')}` });
  if (toolchain.wasmtimePrecompile) wanted.push({ flavour: 'wasmtime-cwasm', compiler: toolchain.wasmtimePrecompile.version });
  if (toolchain.wasmThreads) wanted.push({ flavour: 'wasm-threads', compiler: `${toolchain.wasmThreads.rustcVersion} --target ${toolchain.wasmThreads.target}` });
  if (toolchain.wasmThreads && toolchain.wasmedge && toolchain.hostWaits) {
    wanted.push({ flavour: 'wasmedge-threads-aot', compiler: `${toolchain.hostWaits.version}, then ${toolchain.wasmedge.version} compile ${threadsAotFlags.join(' ')}` });
  }

  const kept = (existing?.artifacts ?? []).filter((artifact) =>
    wanted.some((want) => want.flavour === artifact.flavour && want.compiler === artifact.compiler),
  );
  const missing = wanted.filter((want) => !kept.some((artifact) => artifact.flavour === want.flavour));
  const artifacts: Artifact[] = [...kept];
  await mkdir(folder, { recursive: true });

  const fileName: Record<Flavour, string> = {
    native: workload.algorithm,
    wasm: `${workload.algorithm}.wasm`,
    'wasmedge-aot': `${workload.algorithm}.aot.wasm`,
    'wasmtime-cwasm': `${workload.algorithm}.cwasm`,
    'wasm-threads': `${workload.algorithm}.threads.wasm`,
    'wasmedge-threads-aot': `${workload.algorithm}.threads.aot.wasm`,
  };
  const record = async (flavour: Flavour, compiler: string, flags: string[], startedMs: number) => {
    const file = fileName[flavour];
    artifacts.push({ flavour, file, compiler, flags, buildMs: Math.round(monotonicMs() - startedMs), ...(await describeFile(join(folder, file))) });
  };
  /** `cargo build` of the workload for one target; the path of what it built */
  const cargoBuild = async (cargo: string, cargoEnv: Record<string, string>, target: string, what: string): Promise<string> => {
    const args = ['build', '--release', '--locked', '--package', workload.algorithm, '--target', target];
    say(`cargo ${args.join(' ')}${what}`);
    await runTool(`cargo build ${workload.algorithm} --target ${target}`, cargo, args, { cwd: guestRoot, env: cargoEnv, onProgress: say, ...cancel });
    return join(cargoEnv.CARGO_TARGET_DIR!, target, 'release', target === toolchain.hostTarget ? workload.algorithm : `${workload.algorithm}.wasm`);
  };
  // the AOT flavours derive from a module built here: rebuild them when it is rebuilt
  const rebuilt = (flavour: Flavour) => missing.some((want) => want.flavour === flavour);
  for (const want of wanted) {
    const source = compiledFrom[want.flavour];
    const needed = missing.includes(want) || (source !== undefined && rebuilt(source));
    if (!needed) continue;
    const index = artifacts.findIndex((artifact) => artifact.flavour === want.flavour);
    if (index >= 0) artifacts.splice(index, 1);
    const started = monotonicMs();
    const destination = join(folder, fileName[want.flavour]);
    if (want.flavour === 'native' || want.flavour === 'wasm') {
      const built = await cargoBuild(toolchain.cargo, env, want.flavour === 'native' ? toolchain.hostTarget : toolchain.wasmTarget, '');
      if (want.flavour === 'wasm' && toolchain.wasmOpt) {
        say(`wasm-opt ${wasmOptFlags.join(' ')} ${workload.algorithm}.wasm`);
        await runTool('wasm-opt', toolchain.wasmOpt.path, [...wasmOptFlags, built, '-o', `${destination}.partial`], cancel);
        await publish(destination, 0o644);
      } else {
        await place(built, destination, want.flavour === 'native' ? 0o755 : 0o644);
      }
      await record(want.flavour, want.compiler, want.flavour === 'native' ? nativeRustflags : toolchain.wasmOpt ? [...inlineRustflags, ...wasmOptFlags] : inlineRustflags, started);
    } else if (want.flavour === 'wasm-threads') {
      const threads = toolchain.wasmThreads!;
      const threadsEnv = { ...env, RUSTC: threads.rustc, CARGO_TARGET_DIR: join(paths.artifacts(), '.cargo-target-threads'), [envName(threads.target)]: inlineRustflags.join(' ') };
      await place(await cargoBuild(threads.cargo, threadsEnv, threads.target, ` (${threads.rustcVersion})`), destination, 0o644);
      await record(want.flavour, want.compiler, inlineRustflags, started);
    } else if (want.flavour === 'wasmedge-aot') {
      say(`wasmedge compile ${aotFlags.join(' ')} ${fileName.wasm}`);
      await runTool('wasmedge compile', toolchain.wasmedge!.path, ['compile', ...aotFlags, join(folder, fileName.wasm), `${destination}.partial`], cancel);
      await publish(destination, 0o644);
      await record(want.flavour, want.compiler, aotFlags, started);
    } else if (want.flavour === 'wasmedge-threads-aot') {
      const rewritten = `${destination}.host-waits.wasm`;
      say(`wasm-host-waits ${fileName['wasm-threads']}, then wasmedge compile ${threadsAotFlags.join(' ')}`);
      try {
        await runTool('wasm-host-waits', toolchain.hostWaits!.path, [join(folder, fileName['wasm-threads']), rewritten], cancel);
        await runTool('wasmedge compile', toolchain.wasmedge!.path, ['compile', ...threadsAotFlags, rewritten, `${destination}.partial`], cancel);
      } finally {
        // the intermediate module is never kept, also when a step fails or is interrupted
        await rm(rewritten, { force: true });
      }
      await publish(destination, 0o644);
      await record(want.flavour, want.compiler, threadsAotFlags, started);
    } else {
      say(`wasmtime-precompile ${fileName.wasm}`);
      await rm(destination, { force: true });
      await runTool('wasmtime-precompile', toolchain.wasmtimePrecompile!.path, [join(folder, fileName.wasm), destination], cancel);
      // not executable: runwasi would take an executable ELF file for a Linux program
      await chmod(destination, 0o644);
      await record(want.flavour, want.compiler, [], started);
    }
  }

  const manifest: GuestManifest = {
    schema: 1,
    key,
    algorithm: workload.algorithm,
    sourceHash,
    inputs,
    artifacts: artifacts.sort((a, b) => a.flavour.localeCompare(b.flavour)),
    createdAt: existing?.createdAt && missing.length === 0 ? existing.createdAt : new Date().toISOString(),
  };
  if (missing.length > 0 || existing === undefined) await writeJsonAtomic(manifestPath(folder), manifest);
  const byFlavour = (flavour: Flavour) => manifest.artifacts.find((artifact) => artifact.flavour === flavour);
  return {
    key,
    folder,
    manifest,
    dataset,
    fresh: missing.length === 0,
    artifact: byFlavour,
    pathOf: (flavour) => {
      const artifact = byFlavour(flavour);
      return artifact ? join(folder, artifact.file) : undefined;
    },
  };
}
