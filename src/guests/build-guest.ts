// Builds one workload from one source into every flavour of the catalogue this toolchain can make: the
// static native binary, the wasm32-wasip1 module, the ahead-of-time flavours, and with rustup's
// wasm32-wasip1-threads target the threaded module and its WasmEdge AOT build. Only what is missing or
// stale is built (a content hash of everything a build depends on names its folder).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveTreeDataset } from '../datasets/dataset-store.js';
import { flavourCatalogue, flavourOf, type Flavour } from '../flavours/flavours.js';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { paths } from '../io/project-paths.js';
import { monotonicMs } from '../io/clock.js';
import { builtInSource, type ProgramSource } from '../workloads/definition.js';
import { buildKey, definitionOf, type Workload } from '../workloads/workload.js';
import { buildFolder, describeFile, manifestPath, readGuestManifest, type Artifact, type GuestManifest } from './artifact-store.js';
import { cargoRustflags } from './cargo-config.js';
import { recipes, wasmOptFlags } from './recipes.js';
import { assertProgramToolchain, programToolchainVersion } from './program-recipes.js';
import { hashGuestSources, hashProgramSources } from './source-hash.js';
import type { Toolchain } from './toolchain.js';

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

/** LLVM's inliner budget for the Rust builds: 'default' is LLVM's own (the stock stack) */
export type InlineThreshold = 'default' | number;

export interface GuestBuildOptions {
  toolchain: Toolchain;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** rebuild even when the artifacts are fresh */
  force?: boolean;
  /** LLVM's inliner budget for the Rust builds; 'default' (or absent) adds no flag: the stock stack */
  inlineThreshold?: InlineThreshold;
}

/** The rustflags a build adds to guest/.cargo/config.toml's, on every Rust target alike. */
export function addedRustflags(inlineThreshold: InlineThreshold | undefined): string[] {
  return inlineThreshold === undefined || inlineThreshold === 'default' ? [] : ['-C', `llvm-args=-inline-threshold=${inlineThreshold}`];
}

const cargoProfile = 'release (opt-level 3, fat LTO, 1 codegen unit, panic=abort, stripped)';

/** The environment cargo builds the guests in: Debian's rustc, our target folder, the wasm linker, a dataset's file. */
export function guestCargoEnvironment(toolchain: Toolchain, dataset?: { env: string; file: string }): Record<string, string> {
  return {
    RUSTC: toolchain.rustc,
    CARGO_TARGET_DIR: join(paths.artifacts(), '.cargo-target'),
    CARGO_TARGET_WASM32_WASIP1_LINKER: toolchain.wasmLinker,
    ...(dataset === undefined ? {} : { [dataset.env]: dataset.file }),
  };
}

export async function buildGuest(workload: Workload, options: GuestBuildOptions): Promise<GuestBuild> {
  const { toolchain } = options;
  const definition = definitionOf(workload);
  const key = buildKey(workload);
  const say = options.onProgress ?? (() => undefined);

  let dataset: GuestBuild['dataset'] = null;
  if (definition.dataset !== undefined) {
    const resolved = await resolveTreeDataset(Number(workload[definition.dataset.rows]), {
      onGenerate: (rows) => say(`making the synthetic CVD dataset (${rows} rows)`),
    });
    dataset = { file: resolved.csvPath, source: resolved.manifest.source, rows: resolved.manifest.rows, sha256: resolved.manifest.sha256 };
  }
  const env = guestCargoEnvironment(toolchain, definition.dataset && dataset ? { env: definition.dataset.env, file: dataset.file } : undefined);

  const builtIn = builtInSource(definition);
  if (!builtIn) assertProgramToolchain(toolchain, definition);
  const added = addedRustflags(options.inlineThreshold);
  const inputs = builtIn
    ? {
        rustc: toolchain.rustcVersion,
        hostTarget: toolchain.hostTarget,
        wasmTarget: toolchain.wasmTarget,
        rustflags: 'guest/.cargo/config.toml',
        nativeRustflags: cargoRustflags(toolchain.hostTarget, added),
        wasmRustflags: cargoRustflags(toolchain.wasmTarget, added),
        profile: cargoProfile,
        wasmOpt: toolchain.wasmOpt ? `${toolchain.wasmOpt.version} ${wasmOptFlags.join(' ')}` : null,
        dataset: dataset?.sha256 ?? null,
      }
    : { source: definition.source, toolchain: programToolchainVersion(toolchain, definition), hostTarget: toolchain.hostTarget, wasmTarget: toolchain.wasmTarget };
  const sourceHash = builtIn
    ? await hashGuestSources(paths.guestSources(), [definition.name, ...builtIn.uses], inputs)
    : await hashProgramSources(definition.source as ProgramSource, inputs);
  const folder = buildFolder(key, sourceHash);
  const existing = options.force ? undefined : await readGuestManifest(folder);

  const wanted = flavourCatalogue.flatMap((flavour) => {
    const compiler = recipes[flavour.name].compiler(toolchain, definition);
    return compiler === null ? [] : [{ flavour: flavour.name, compiler }];
  });
  const kept = (existing?.artifacts ?? []).filter((artifact) => wanted.some((want) => want.flavour === artifact.flavour && want.compiler === artifact.compiler));
  const missing = wanted.filter((want) => !kept.some((artifact) => artifact.flavour === want.flavour));
  const artifacts: Artifact[] = [...kept];
  await mkdir(folder, { recursive: true });

  // an ahead-of-time flavour derives from a module of this build: rebuilt when that module is
  const rebuilt = (flavour: Flavour) => missing.some((want) => want.flavour === flavour);
  for (const want of wanted) {
    const from = flavourOf(want.flavour).from;
    if (!missing.includes(want) && !(from !== undefined && rebuilt(from))) continue;
    const index = artifacts.findIndex((artifact) => artifact.flavour === want.flavour);
    if (index >= 0) artifacts.splice(index, 1);
    const started = monotonicMs();
    const flags = await recipes[want.flavour].build({ toolchain, definition, folder, env, addedRustflags: added, say, ...(options.signal ? { signal: options.signal } : {}) });
    const file = flavourOf(want.flavour).file(definition.name);
    artifacts.push({ flavour: want.flavour, file, compiler: want.compiler, flags, buildMs: Math.round(monotonicMs() - started), ...(await describeFile(join(folder, file))) });
  }

  const manifest: GuestManifest = {
    schema: 1,
    key,
    algorithm: definition.name,
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
