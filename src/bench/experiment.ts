// One experiment: build the workload natively and to Wasm, pack each flavour into its image, then build
// and run everything in the planned order, appending a record per measurement to samples.jsonl.
// Everything here goes through ContainerEngine, so it runs against a fake in unit tests.
import { DockerwasmError, isDockerwasmError, messageOf } from '../errors.js';
import type { Clock } from './clock.js';
import { resolveLinuxBase, type BaseImage } from '../engine/base-image.js';
import { chooseBuilder, linuxPlatform, wasmPlatform, type BuilderChoice, type BuilderName } from '../engine/builders.js';
import type { CleanupRegistry } from '../engine/cleanup.js';
import { measureImageSize } from '../engine/image-size.js';
import { labelsFor, runLabel } from '../engine/labels.js';
import { runContainer } from '../engine/run-container.js';
import type { ContainerEngine, EngineInfo } from '../engine/types.js';
import { imageContext, flavoursOfForm } from '../dockerfiles/build-contexts.js';
import { flavourOfImage, type DockerfileForm, type ImageName } from '../dockerfiles/templates.js';
import type { GuestBuild } from '../guests/build-guest.js';
import type { Flavour } from '../guests/artifact-store.js';
import { guestArguments, normaliseWorkload, type Workload } from '../guests/workloads.js';
import { probeRuntimes, type RuntimeStatus } from '../runtimes/probe-runtimes.js';
import { runtimeProfiles } from '../runtimes/profiles.js';
import type { ImageInfo } from '../report/summarise.js';
import { baselineVariant, referenceDigestOf } from '../report/summarise.js';
import { parseGuestResult, recordSchemaVersion, type RunRecord, type SampleRecord } from './records.js';
import { planExperiment, type BuildStep, type RunStep, type Step } from './plan.js';
import { selectVariants, type Variant } from './variants.js';

export interface ExperimentSettings {
  workload: Workload;
  samples: number;
  warmup: number;
  seed: number;
  runtimes: string[] | 'all';
  wasmtimePrecompiled: boolean;
  builder: BuilderChoice;
  noCacheBuilds: boolean;
  timeoutSeconds: number;
  base: string;
  watchMemory: boolean;
  /** prebuilt: images of the artifacts dockerwasm built; multistage: compiled in a rust:alpine stage (the thesis's form) */
  form?: DockerfileForm;
}

export interface ExperimentProgress {
  info(line: string): void;
  warn(line: string): void;
  /** a measurement finished: `done` of `total` in this phase */
  step(phase: 'build' | 'run', done: number, total: number, detail: string): void;
}

export interface ExperimentDeps {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  clock: Clock;
  signal: AbortSignal;
  progress: ExperimentProgress;
  /** builds the guest (cargo etc.); injected so tests can give prebuilt artifacts */
  buildGuest: (workload: Workload) => Promise<GuestBuild>;
  /** appends one record to samples.jsonl */
  append: (record: SampleRecord) => void;
  /** seconds to wait for an engine that stopped answering mid-run before giving up */
  engineRecoverySeconds?: number;
  /** leave the built images in the engine when done (they still carry the run's labels) */
  keepImages?: boolean;
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
}

const now = () => new Date().toISOString();
const tail = (text: string, lines = 5) => text.trim().split('\n').slice(-lines).join('\n');

export async function prepareExperiment(deps: ExperimentDeps, settings: ExperimentSettings, runId: string): Promise<Preparation> {
  const { engine, progress } = deps;
  const workload = normaliseWorkload(settings.workload);
  const info = await engine.info();
  const builder = await chooseBuilder(settings.builder, info);
  progress.info(`engine: Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}; builder: ${builder}`);

  progress.info(`building the ${workload.algorithm} guest (native and wasm32-wasip1)`);
  const guest = await deps.buildGuest(workload);

  const wantedProfiles = settings.runtimes === 'all'
    ? runtimeProfiles
    : runtimeProfiles.filter((p) => p.name === baselineVariant || (settings.runtimes as string[]).includes(p.name));
  progress.info(`probing ${wantedProfiles.length} runtime profile(s)`);
  const statuses = await probeRuntimes(
    { engine, info, builder, registry: deps.registry, clock: deps.clock, signal: deps.signal },
    wantedProfiles,
  );
  // an interrupted probe looks like a broken runtime; say what really happened
  if (deps.signal?.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted while probing the runtimes');
  const form = settings.form ?? 'prebuilt';
  const built = flavoursOfForm(form, new Set(guest.manifest.artifacts.map((a) => a.flavour)));
  const selection = selectVariants({ runtimes: settings.runtimes, wasmtimePrecompiled: settings.wasmtimePrecompiled }, statuses, built);
  selection.warnings.forEach(progress.warn);
  for (const skip of selection.skipped) progress.info(`  skipping ${skip.name}: ${skip.reason}`);
  progress.info(`variants: ${selection.variants.map((v) => v.name).join(', ')}`);

  const base = await resolveLinuxBase(engine, { configured: settings.base, onProgress: progress.info });
  progress.info(`Linux base: ${base.description}, ${(base.contentBytes / 1e6).toFixed(2)} MB`);

  const imageNames = [...new Set(selection.variants.map((v) => v.image))];
  const images: PreparedImage[] = [];
  for (const name of imageNames) {
    const flavour: Flavour = flavourOfImage(name);
    const artifact = guest.artifact(flavour)!;
    const context = await imageContext(form, workload.algorithm, name, guest);
    images.push({
      name,
      flavour,
      reference: `dockerwasm/${guest.key}-${name}:${runId}`,
      artifactBytes: artifact.bytes,
      platform: name === 'linux' ? linuxPlatform(info) : wasmPlatform(builder, info),
      context,
      buildArgs: name === 'linux' ? { BASE: base.reference } : {},
    });
  }
  return { info, builder, guest, statuses, variants: selection.variants, skipped: selection.skipped, base, images, runId };
}

async function waitForEngine(engine: ContainerEngine, seconds: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      await engine.ping();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return false;
}

export async function executeExperiment(
  deps: ExperimentDeps,
  settings: ExperimentSettings,
  prep: Preparation,
  previous: SampleRecord[],
): Promise<void> {
  const { engine, registry, clock, signal, progress } = deps;
  const workload = normaliseWorkload(settings.workload);
  const plan = planExperiment({
    images: prep.images.map((i) => i.name),
    variants: prep.variants.map((v) => v.name),
    samples: settings.samples,
    warmup: settings.warmup,
    seed: settings.seed,
    noCacheBuilds: settings.noCacheBuilds,
  });
  const done = new Set(previous.flatMap((r) => ('step' in r ? [r.step] : [])));
  const sized = new Set(previous.flatMap((r) => (r.type === 'size' ? [r.image] : [])));
  let referenceDigest = referenceDigestOf(previous);
  const present = new Set<string>();
  const labels = labelsFor('experiment', { [runLabel]: prep.runId });
  if (!deps.keepImages) for (const image of prep.images) registry.image(image.reference);

  const buildOnce = async (image: PreparedImage, noCache: boolean) => {
    const started = clock();
    const result = await engine.buildImage({
      tag: image.reference,
      platform: image.platform,
      context: image.context,
      dockerfile: 'Dockerfile',
      labels,
      buildArgs: image.buildArgs,
      noCache,
      builder: prep.builder,
      signal,
    });
    return { ms: Math.round((clock() - started) * 1000) / 1000, imageId: result.imageId };
  };

  /** Makes sure an image exists without recording a build (a resumed run, or after an engine restart). */
  const ensureImage = async (image: PreparedImage) => {
    if (present.has(image.name)) return;
    if ((await engine.inspectImage(image.reference)) === undefined) {
      progress.info(`rebuilding ${image.reference} (not recorded as a sample)`);
      await buildOnce(image, false);
    }
    present.add(image.name);
  };

  const buildSteps = plan.filter((s): s is BuildStep => s.kind === 'build');
  const runSteps = plan.filter((s): s is RunStep => s.kind === 'run');
  let buildsDone = buildSteps.filter((s) => done.has(s.id)).length;
  let runsDone = runSteps.filter((s) => done.has(s.id)).length;
  if (buildsDone + runsDone > 0) progress.info(`resuming: ${buildsDone} build(s) and ${runsDone} run(s) already measured`);

  const doBuild = async (step: BuildStep) => {
    const image = prep.images.find((i) => i.name === step.image)!;
    const record = { schema: recordSchemaVersion, type: 'build' as const, step: step.id, image: image.name, phase: step.phase, index: step.index, noCache: step.noCache, builder: prep.builder, at: now() };
    try {
      const { ms, imageId } = await buildOnce(image, step.noCache);
      present.add(image.name);
      deps.append({ ...record, ms, ok: true, imageId, error: null });
      progress.step('build', ++buildsDone, buildSteps.length, `${image.name} ${step.phase} ${(ms / 1000).toFixed(2)} s`);
    } catch (error) {
      if (isDockerwasmError(error, 'INTERRUPTED')) throw error;
      deps.append({ ...record, ms: null, ok: false, imageId: null, error: messageOf(error) });
      progress.step('build', ++buildsDone, buildSteps.length, `${image.name} ${step.phase} FAILED`);
      if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) throw error;
      if (step.phase === 'cold') throw error;
      progress.warn(`build ${step.id} failed: ${messageOf(error)}`);
    }
    if (!sized.has(image.name)) {
      const size = await measureImageSize(engine, image.reference);
      deps.append({ schema: recordSchemaVersion, type: 'size', image: image.name, reference: image.reference, ...size, at: now() });
      sized.add(image.name);
    }
  };

  const doRun = async (step: RunStep) => {
    const variant = prep.variants.find((v) => v.name === step.variant)!;
    const image = prep.images.find((i) => i.name === variant.image)!;
    await ensureImage(image);
    const emptyRecord: RunRecord = {
      schema: recordSchemaVersion,
      type: 'run',
      step: step.id,
      variant: variant.name,
      image: image.name,
      phase: step.phase,
      index: step.index,
      outcome: 'engine-unavailable',
      createMs: null,
      startMs: null,
      exitWaitMs: null,
      totalMs: null,
      removeMs: null,
      exitCode: null,
      peakMemoryBytes: null,
      guest: null,
      stderrTail: '',
      error: null,
      at: now(),
    };
    let measurement;
    try {
      measurement = await runContainer(
        engine,
        {
          image: image.reference,
          cmd: guestArguments(workload),
          labels,
          runtime: variant.runtime,
          ...(variant.profile.annotations ? { annotations: variant.profile.annotations } : {}),
          networkMode: 'none',
        },
        { clock, timeoutMs: settings.timeoutSeconds * 1000, registry, signal, watchMemory: settings.watchMemory },
      );
    } catch (error) {
      if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) {
        deps.append({ ...emptyRecord, error: messageOf(error) });
        progress.step('run', ++runsDone, runSteps.length, `${variant.name} ${step.phase} ENGINE UNAVAILABLE`);
      }
      throw error;
    }
    const guest = measurement.outcome === 'ok' ? parseGuestResult(measurement.stdout) : null;
    const outcome = measurement.outcome === 'ok' && guest === null ? 'no-result' : measurement.outcome;
    const record: RunRecord = {
      ...emptyRecord,
      outcome,
      createMs: measurement.createMs,
      startMs: measurement.startMs,
      exitWaitMs: measurement.exitWaitMs,
      totalMs: measurement.totalMs,
      removeMs: measurement.removeMs,
      exitCode: measurement.exitCode,
      peakMemoryBytes: measurement.peakMemoryBytes,
      guest,
      stderrTail: tail(measurement.stderr),
      error: outcome === 'no-result' ? `no result line on stdout: ${tail(measurement.stdout, 2)}` : measurement.error,
      at: now(),
    };
    deps.append(record);
    if (variant.name === baselineVariant && guest !== null && referenceDigest === null) referenceDigest = guest.digest;
    let detail = `${variant.name} ${step.phase} `;
    if (outcome !== 'ok') {
      detail += outcome.toUpperCase();
      progress.warn(`${step.id}: ${record.error}${record.stderrTail ? ` (stderr: ${record.stderrTail.split('\n').pop()})` : ''}`);
    } else {
      detail += `${(measurement.totalMs! / 1000).toFixed(3)} s (guest ${(guest!.compute_ms / 1000).toFixed(3)} s)`;
      if (referenceDigest !== null && guest!.digest !== referenceDigest) {
        detail += ' DIGEST MISMATCH';
        progress.warn(`${step.id}: its digest differs from ${baselineVariant}'s: this sample computed something else and is counted as failed`);
      }
    }
    progress.step('run', ++runsDone, runSteps.length, detail);
  };

  for (const step of plan as Step[]) {
    if (done.has(step.id)) continue;
    if (signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted');
    try {
      if (step.kind === 'build') await doBuild(step);
      else await doRun(step);
    } catch (error) {
      if (!isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) throw error;
      const seconds = deps.engineRecoverySeconds ?? 60;
      progress.warn(`the engine stopped answering (${messageOf(error)}); waiting up to ${seconds} s for it to come back`);
      if (!(await waitForEngine(engine, seconds, signal))) throw error;
      progress.info('the engine answers again; continuing');
      present.clear();
    }
  }
}
