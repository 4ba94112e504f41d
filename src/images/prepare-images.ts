// Before a container run measures: the engine and its builder, the workload built natively and to Wasm,
// the runtime profiles probed, the variants chosen, the Linux base resolved, and each image's build
// context. What `compare` and `density` both need; each asks with its own choices.
import type { BuilderChoice, DockerfileForm } from '../config/compare-settings.js';
import { imageContext, flavoursOfForm } from '../dockerfiles/build-contexts.js';
import { resolveLinuxBase, type BaseImage } from '../engine/base-image.js';
import { chooseBuilder, linuxPlatform, wasmPlatform, type BuilderName } from '../engine/builders.js';
import { cgroupAccounting, type CgroupAccounting } from '../engine/cgroup-accounting.js';
import type { CleanupRegistry } from '../engine/cleanup.js';
import type { BuildRequest, ContainerEngine, EngineInfo, Labels } from '../engine/types.js';
import { flavourOfImage, type ImageName } from '../flavours/flavours.js';
import type { GuestBuild, GuestBuildOptions } from '../guests/build-guest.js';
import { assertOneToolchain } from '../guests/toolchain-match.js';
import type { Clock } from '../io/clock.js';
import { probeWantedProfiles, type RuntimeStatus } from '../profiles/probe.js';
import { selectVariants, type Variant, type VariantChoice } from '../profiles/variants.js';
import type { ImageInfo } from '../results/variants.js';
import { checkNativeRun, checkRunsOnBase } from '../guests/check-native.js';
import { definitionOf, guestArguments, isProgram, type Workload } from '../workloads/workload.js';

/** What a run asks of the guest build beyond the workload. */
export type GuestBuildSettings = Pick<GuestBuildOptions, 'inlineThreshold'>;

/** What a container run needs from the machine: the engine, cleanup, the clock, Ctrl-C, progress, the guest build. */
export interface ContainerDeps {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  clock: Clock;
  signal: AbortSignal;
  progress: { info(line: string): void; warn(line: string): void };
  /** builds the guest (cargo etc.); injected so tests can give prebuilt artifacts */
  buildGuest: (workload: Workload, build?: GuestBuildSettings) => Promise<GuestBuild>;
  /** how containers' CPU time is read; by default decided from the engine (cgroup-accounting.ts) */
  cpuAccounting?: CgroupAccounting;
}

export interface PreparedImage extends ImageInfo {
  name: ImageName;
  platform: string;
  context: Buffer;
  buildArgs: Record<string, string>;
}

export interface ImageRequest {
  workload: Workload;
  runtimes: readonly string[] | 'all';
  builder: BuilderChoice;
  base: string;
  form: DockerfileForm;
  /** how long a user's program may take in its one native run before it is measured */
  timeoutSeconds: number;
  /** the guest build's own settings (the inline threshold) */
  build?: GuestBuildSettings;
  /** compare variants built by different compilers; refused without it */
  allowMixedToolchains?: boolean;
  /** the variants beyond one per profile (VariantChoice without `runtimes`; the CPUs for threaded modules come from the engine) */
  variants: Omit<VariantChoice, 'runtimes' | 'wasmThreads'> & { wasmThreads?: boolean };
}

export interface ImagePreparation {
  info: EngineInfo;
  builder: BuilderName;
  guest: GuestBuild;
  statuses: RuntimeStatus[];
  variants: Variant[];
  skipped: { name: string; reason: string }[];
  base: BaseImage;
  images: PreparedImage[];
  cpuAccounting: CgroupAccounting;
  /** the compilers of the compared artifacts when they differ (asked for with allowMixedToolchains), else null */
  mixedToolchains: string | null;
}

/** The engine's build request for a prepared image. */
export function imageBuildRequest(image: PreparedImage, labels: Labels, builder: BuilderName, noCache: boolean, signal: AbortSignal): BuildRequest {
  return { tag: image.reference, platform: image.platform, context: image.context, dockerfile: 'Dockerfile', labels, buildArgs: image.buildArgs, noCache, builder, signal };
}

export async function prepareImages(deps: ContainerDeps, request: ImageRequest, runId: string): Promise<ImagePreparation> {
  const { engine, progress } = deps;
  const { workload } = request;
  const info = await engine.info();
  const builder = await chooseBuilder(request.builder, info, progress.info);
  progress.info(`engine: Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}; builder: ${builder}`);

  const definition = definitionOf(workload);
  checkRunsOnBase(definition, request.base);
  progress.info(`building the ${workload.algorithm} guest (native and wasm32-wasip1)`);
  const guest = await deps.buildGuest(workload, request.build);
  if (isProgram(workload)) await checkNativeRun(definition, guest.pathOf('native')!, guestArguments(workload), { timeoutMs: request.timeoutSeconds * 1000, signal: deps.signal });

  const statuses = await probeWantedProfiles({ engine, info, builder, registry: deps.registry, clock: deps.clock, signal: deps.signal }, request.runtimes, progress.info);
  const built = flavoursOfForm(request.form, new Set(guest.manifest.artifacts.map((a) => a.flavour)));
  const { wasmThreads, ...choice } = request.variants;
  const selection = selectVariants({ ...choice, runtimes: request.runtimes, wasmThreads: wasmThreads ? { cpus: info.cpus } : undefined }, statuses, built);
  selection.warnings.forEach(progress.warn);
  for (const skip of selection.skipped) progress.info(`  skipping ${skip.name}: ${skip.reason}`);
  progress.info(`variants: ${selection.variants.map((v) => v.name).join(', ')}`);
  const mixed = assertOneToolchain(guest.manifest.artifacts, selection.variants.map((v) => flavourOfImage(v.image).name), request.allowMixedToolchains ?? false);
  if (mixed !== null) progress.warn(`mixed toolchains, as asked (--allow-mixed-toolchains): ${mixed}`);

  const base = await resolveLinuxBase(engine, { configured: request.base, onProgress: progress.info });
  progress.info(`Linux base: ${base.description}, ${(base.contentBytes / 1e6).toFixed(2)} MB`);

  const images: PreparedImage[] = [];
  for (const name of new Set(selection.variants.map((v) => v.image))) {
    const flavour = flavourOfImage(name);
    images.push({
      name,
      flavour: flavour.name,
      reference: `dockerwasm/${guest.key}-${name}:${runId}`,
      artifactBytes: guest.artifact(flavour.name)!.bytes,
      platform: flavour.kind === 'native' ? linuxPlatform(info) : wasmPlatform(builder, info),
      context: await imageContext(request.form, definition, name, guest),
      buildArgs: flavour.kind === 'native' ? { BASE: base.reference } : {},
    });
  }
  const cpuAccounting = deps.cpuAccounting ?? cgroupAccounting(info);
  if (!cpuAccounting.available) progress.info(`CPU time ${cpuAccounting.description}`);
  return { info, builder, guest, statuses, variants: selection.variants, skipped: selection.skipped, base, images, cpuAccounting, mixedToolchains: mixed };
}
