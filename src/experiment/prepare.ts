// Before anything is measured: the engine and its builder, the guest built natively and to Wasm, the
// runtime profiles probed, the variants chosen, the Linux base resolved, and each image's build context.
import type { ExperimentSettings, Workload } from '../config/settings.js';
import { imageContext, flavoursOfForm } from '../dockerfiles/build-contexts.js';
import { flavourOfImage } from '../dockerfiles/templates.js';
import { resolveLinuxBase, type BaseImage } from '../engine/base-image.js';
import { chooseBuilder, linuxPlatform, wasmPlatform, type BuilderName } from '../engine/builders.js';
import { cgroupAccounting, type CgroupAccounting } from '../engine/cgroup-accounting.js';
import type { CleanupRegistry } from '../engine/cleanup.js';
import type { BuildRequest, ContainerEngine, EngineInfo, Labels } from '../engine/types.js';
import { DockerwasmError } from '../errors.js';
import type { GuestBuild } from '../guests/build-guest.js';
import type { Clock } from '../io/clock.js';
import type { Calibration } from './host-load.js';
import type { SampleRecord } from '../results/records.js';
import { baselineVariant, type ImageInfo, type ImageName } from '../results/variants.js';
import { probeRuntimes, type RuntimeStatus } from '../runtimes/probe-runtimes.js';
import { runtimeProfiles } from '../config/runtime-profiles.js';
import { selectVariants, type Variant } from './variants.js';

export interface ExperimentProgress {
  info(line: string): void;
  warn(line: string): void;
  /** a measurement was recorded: `done` of `total` in this phase; `referenceDigest`: the baseline's, once known */
  step(phase: 'build' | 'run', done: number, total: number, record: SampleRecord, referenceDigest: string | null): void;
  /** the experiment ended (its progress bars can go) */
  stop?(): void;
}

export interface ExperimentDeps {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  clock: Clock;
  signal: AbortSignal;
  progress: ExperimentProgress;
  /** builds the guest (cargo etc.); injected so tests can give prebuilt artifacts */
  buildGuest: (workload: Workload) => Promise<GuestBuild>;
  /** seconds to wait for an engine that stopped answering mid-run before giving up */
  engineRecoverySeconds?: number;
  /** leave the built images in the engine when done (they still carry the run's labels) */
  keepImages?: boolean;
  /** the host's calibration workload; injected so tests need not run it */
  calibrate?: () => Promise<Calibration>;
  /** how containers' CPU time is read; by default decided from the engine (cgroup-accounting.ts) */
  cpuAccounting?: CgroupAccounting;
}

export interface PreparedImage extends ImageInfo {
  name: ImageName;
  platform: string;
  context: Buffer;
  buildArgs: Record<string, string>;
}

export interface Preparation {
  info: EngineInfo;
  builder: BuilderName;
  guest: GuestBuild;
  statuses: RuntimeStatus[];
  variants: Variant[];
  skipped: { name: string; reason: string }[];
  base: BaseImage;
  images: PreparedImage[];
  runId: string;
  cpuAccounting: CgroupAccounting;
}

/** The profiles asked for (runc, the baseline, always among them), each probed live. */
export async function probeWantedProfiles(deps: Omit<ExperimentDeps, 'buildGuest'>, info: EngineInfo, builder: BuilderName, runtimes: string[] | 'all'): Promise<RuntimeStatus[]> {
  const wanted = runtimes === 'all' ? runtimeProfiles : runtimeProfiles.filter((p) => p.name === baselineVariant || runtimes.includes(p.name));
  deps.progress.info(`probing ${wanted.length} runtime profile(s)`);
  const statuses = await probeRuntimes({ engine: deps.engine, info, builder, registry: deps.registry, clock: deps.clock, signal: deps.signal }, wanted);
  // an interrupted probe looks like a broken runtime; say what really happened
  if (deps.signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted while probing the runtimes');
  return statuses;
}

/** The engine's build request for a prepared image. */
export function imageBuildRequest(image: PreparedImage, labels: Labels, builder: BuilderName, noCache: boolean, signal: AbortSignal): BuildRequest {
  return { tag: image.reference, platform: image.platform, context: image.context, dockerfile: 'Dockerfile', labels, buildArgs: image.buildArgs, noCache, builder, signal };
}

export async function prepareExperiment(deps: ExperimentDeps, settings: ExperimentSettings, runId: string): Promise<Preparation> {
  const { engine, progress } = deps;
  const { workload } = settings;
  const info = await engine.info();
  const builder = await chooseBuilder(settings.builder, info);
  progress.info(`engine: Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}; builder: ${builder}`);

  progress.info(`building the ${workload.algorithm} guest (native and wasm32-wasip1)`);
  const guest = await deps.buildGuest(workload);

  const { runtimes } = settings;
  const statuses = await probeWantedProfiles(deps, info, builder, runtimes);
  const built = flavoursOfForm(settings.form, new Set(guest.manifest.artifacts.map((a) => a.flavour)));
  const selection = selectVariants(
    { runtimes, wasmtimePrecompiled: settings.wasmtimePrecompiled, linuxOneThread: settings.linuxOneThread, wasmThreads: settings.wasmThreads ? { cpus: info.cpus } : undefined },
    statuses,
    built,
  );
  selection.warnings.forEach(progress.warn);
  for (const skip of selection.skipped) progress.info(`  skipping ${skip.name}: ${skip.reason}`);
  progress.info(`variants: ${selection.variants.map((v) => v.name).join(', ')}`);

  const base = await resolveLinuxBase(engine, { configured: settings.base, onProgress: progress.info });
  progress.info(`Linux base: ${base.description}, ${(base.contentBytes / 1e6).toFixed(2)} MB`);

  const images: PreparedImage[] = [];
  for (const name of new Set(selection.variants.map((v) => v.image))) {
    const flavour = flavourOfImage(name);
    images.push({
      name,
      flavour,
      reference: `dockerwasm/${guest.key}-${name}:${runId}`,
      artifactBytes: guest.artifact(flavour)!.bytes,
      platform: name === 'linux' ? linuxPlatform(info) : wasmPlatform(builder, info),
      context: await imageContext(settings.form, workload.algorithm, name, guest),
      buildArgs: name === 'linux' ? { BASE: base.reference } : {},
    });
  }
  const cpuAccounting = deps.cpuAccounting ?? cgroupAccounting(info);
  if (!cpuAccounting.available) progress.info(`CPU time ${cpuAccounting.description}`);
  return { info, builder, guest, statuses, variants: selection.variants, skipped: selection.skipped, base, images, runId, cpuAccounting };
}
