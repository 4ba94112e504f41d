// Measures a prepared experiment: every step of the plan in order, one record appended per measurement.
// A resumed run skips the steps already recorded. When the engine stops answering, the runner records
// the sample it lost, waits for the engine, rebuilds what the engine lost and goes on.
// Everything goes through ContainerEngine, so it runs against a fake in unit tests.
import { guestArguments, type ExperimentSettings } from '../config/settings.js';
import { measureImageSize } from '../engine/image-size.js';
import { labelsFor, runLabel } from '../engine/labels.js';
import { liveRunName, liveRuns } from '../engine/live-runs.js';
import { runContainer } from '../engine/run-container.js';
import type { Labels } from '../engine/types.js';
import { DockerwasmError, isDockerwasmError, messageOf } from '../errors.js';
import { isThreadedFlavour, noWasiThreadsError } from '../config/runtime-profiles.js';
import { baselineDigestOf, recordSchemaVersion, runRecordFrom, unavailableRunRecord, type BuildRecord, type RunPlace, type RunRecord, type SampleRecord } from '../results/records.js';
import { baselineVariant, isBaseline } from '../results/variants.js';
import { calibrate, cpuMhz, readCpuTimes, stealPercent } from './host-load.js';
import { planExperiment, type BuildStep, type CalibrationStep, type RunStep, type Step } from './plan.js';
import { imageBuildRequest, type ExperimentDeps, type Preparation, type PreparedImage } from './prepare.js';
import type { Variant } from './variants.js';

const now = () => new Date().toISOString();

export class ExperimentRunner {
  private readonly plan: Step[];
  private readonly buildTotal: number;
  private readonly runTotal: number;
  private readonly done: Set<string>;
  private readonly sized: Set<string>;
  /** images known to exist in the engine since the last outage */
  private readonly present = new Set<string>();
  private readonly labels: Labels;
  /** the sets of other runs already warned of */
  private readonly warnedOf = new Set<string>();
  /** the other runs seen just after the last measurement, which serves as the next one's reading before it */
  private lastOtherRuns: string[] | null | undefined;
  private buildsDone: number;
  private runsDone: number;
  private referenceDigest: string | null;

  constructor(
    private readonly deps: ExperimentDeps,
    private readonly settings: ExperimentSettings,
    private readonly prep: Preparation,
    previous: readonly SampleRecord[],
    private readonly append: (record: SampleRecord) => void,
  ) {
    this.plan = planExperiment({
      images: prep.images.map((i) => i.name),
      variants: prep.variants.map((v) => v.name),
      samples: settings.samples,
      warmup: settings.warmup,
      seed: settings.seed,
      noCacheBuilds: settings.noCacheBuilds,
    });
    this.done = new Set(previous.flatMap((r) => ('step' in r ? [r.step] : [])));
    this.sized = new Set(previous.flatMap((r) => (r.type === 'size' ? [r.image] : [])));
    this.referenceDigest = baselineDigestOf(previous);
    this.labels = labelsFor('experiment', { [runLabel]: prep.runId });
    const builds = this.plan.filter((s) => s.kind === 'build');
    const runs = this.plan.filter((s) => s.kind === 'run');
    this.buildTotal = builds.length;
    this.runTotal = runs.length;
    this.buildsDone = builds.filter((s) => this.done.has(s.id)).length;
    this.runsDone = runs.filter((s) => this.done.has(s.id)).length;
  }

  /** Measures every step not yet recorded; throws on an interruption or an engine that does not come back. */
  async run(): Promise<void> {
    const { registry, signal, progress } = this.deps;
    if (!this.deps.keepImages) for (const image of this.prep.images) registry.image(image.reference);
    if (this.buildsDone + this.runsDone > 0) progress.info(`resuming: ${this.buildsDone} build(s) and ${this.runsDone} run(s) already measured`);
    for (const step of this.plan) {
      if (this.done.has(step.id)) continue;
      if (signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted');
      try {
        if (step.kind === 'build') await this.measureBuild(step);
        else if (step.kind === 'run') await this.measureRun(step);
        else await this.measureCalibration(step);
      } catch (error) {
        if (!isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) throw error;
        await this.waitForEngine(error);
      }
    }
  }

  private image(name: string): PreparedImage {
    const image = this.prep.images.find((i) => i.name === name);
    if (image === undefined) throw new DockerwasmError('INTERNAL', `the plan names image ${name}, which was not prepared`);
    return image;
  }

  private variant(name: string): Variant {
    const variant = this.prep.variants.find((v) => v.name === name);
    if (variant === undefined) throw new DockerwasmError('INTERNAL', `the plan names variant ${name}, which was not prepared`);
    return variant;
  }

  private record(phase: 'build' | 'run', record: SampleRecord): void {
    this.append(record);
    if (phase === 'build') this.deps.progress.step('build', ++this.buildsDone, this.buildTotal, record, this.referenceDigest);
    else this.deps.progress.step('run', ++this.runsDone, this.runTotal, record, this.referenceDigest);
  }

  /** Other dockerwasm runs using this engine now; null when the engine could not say. */
  private async otherRuns(): Promise<string[] | null> {
    try {
      return (await liveRuns(this.deps.engine)).map(liveRunName);
    } catch {
      return null;
    }
  }

  /** Measures `measure` with the other runs seen just before and just after it: they shared the machine. */
  private async besideOtherRuns<T>(measure: () => Promise<T>): Promise<{ value: T; otherRuns: { otherRuns?: string[] } }> {
    const before = this.lastOtherRuns !== undefined ? this.lastOtherRuns : await this.otherRuns();
    this.lastOtherRuns = undefined;
    const value = await measure();
    const after = await this.otherRuns();
    this.lastOtherRuns = after;
    if (before === null || after === null) return { value, otherRuns: {} };
    const otherRuns = [...new Set([...before, ...after])];
    if (otherRuns.length > 0 && !this.warnedOf.has(otherRuns.join())) {
      this.warnedOf.add(otherRuns.join());
      this.deps.progress.warn(`another dockerwasm run is using this engine (${otherRuns.join('; ')}): samples measured meanwhile are marked, and not comparable with the rest`);
    }
    return { value, otherRuns: { otherRuns } };
  }

  private async buildOnce(image: PreparedImage, noCache: boolean): Promise<{ ms: number; imageId: string }> {
    const { engine, clock, signal } = this.deps;
    const started = clock();
    const result = await engine.buildImage(imageBuildRequest(image, this.labels, this.prep.builder, noCache, signal));
    return { ms: Math.round((clock() - started) * 1000) / 1000, imageId: result.imageId };
  }

  /** Makes sure an image exists without recording a build (a resumed run, or after an engine restart). */
  private async ensureImage(image: PreparedImage): Promise<void> {
    if (this.present.has(image.name)) return;
    if ((await this.deps.engine.inspectImage(image.reference)) === undefined) {
      this.deps.progress.info(`rebuilding ${image.reference} (not recorded as a sample)`);
      await this.buildOnce(image, false);
    }
    this.present.add(image.name);
  }

  private async measureBuild(step: BuildStep): Promise<void> {
    const image = this.image(step.image);
    const place = { schema: recordSchemaVersion, type: 'build', step: step.id, image: image.name, phase: step.phase, index: step.index, noCache: step.noCache, builder: this.prep.builder } as const;
    try {
      const { value, otherRuns } = await this.besideOtherRuns(() => this.buildOnce(image, step.noCache));
      this.present.add(image.name);
      const record: BuildRecord = { ...place, ms: value.ms, ok: true, imageId: value.imageId, error: null, at: now(), ...otherRuns };
      this.record('build', record);
    } catch (error) {
      if (isDockerwasmError(error, 'INTERRUPTED')) throw error;
      this.record('build', { ...place, ms: null, ok: false, imageId: null, error: messageOf(error), at: now() });
      if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE') || step.phase === 'cold') throw error;
      this.deps.progress.warn(`build ${step.id} failed: ${messageOf(error)}`);
    }
    if (!this.sized.has(image.name)) {
      const size = await measureImageSize(this.deps.engine, image.reference);
      this.append({ schema: recordSchemaVersion, type: 'size', image: image.name, reference: image.reference, ...size, at: now() });
      this.sized.add(image.name);
    }
  }

  private async measureRun(step: RunStep): Promise<void> {
    const { engine, registry, clock, signal } = this.deps;
    const variant = this.variant(step.variant);
    const image = this.image(variant.image);
    await this.ensureImage(image);
    const place = (at: string): RunPlace => ({ step: step.id, variant: variant.name, image: image.name, phase: step.phase, index: step.index, at });
    const startedAt = now();
    const cpuBefore = readCpuTimes();
    const mhzBefore = cpuMhz();
    let measured;
    try {
      measured = await this.besideOtherRuns(() => runContainer(
        engine,
        {
          image: image.reference,
          cmd: guestArguments(this.settings.workload),
          labels: this.labels,
          runtime: variant.runtime,
          ...(variant.env ? { env: variant.env } : {}),
          ...(variant.profile.annotations ? { annotations: variant.profile.annotations } : {}),
          networkMode: 'none',
        },
        { clock, timeoutMs: this.settings.timeoutSeconds * 1000, registry, signal, watchMemory: this.settings.watchMemory, cgroups: this.prep.cpuAccounting },
      ));
    } catch (error) {
      if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) this.record('run', unavailableRunRecord(place(startedAt), messageOf(error)));
      throw error;
    }
    const host = { stealPercent: stealPercent(cpuBefore, readCpuTimes()), mhzBefore, mhzAfter: cpuMhz() };
    const record: RunRecord = { ...runRecordFrom(place(now()), measured.value), ...measured.otherRuns, host };
    if (record.outcome !== 'ok' && isThreadedFlavour(variant.flavour) && variant.profile.wasiThreads !== true) {
      record.error = noWasiThreadsError(variant.profile, record.error ?? record.outcome);
    }
    if (record.guest !== null && this.referenceDigest === null && isBaseline(variant)) this.referenceDigest = record.guest.digest;
    if (record.outcome !== 'ok') {
      this.deps.progress.warn(`${step.id}: ${record.error}${record.stderrTail ? ` (stderr: ${record.stderrTail.split('\n').pop()})` : ''}`);
    } else if (this.referenceDigest !== null && record.guest?.digest !== this.referenceDigest) {
      this.deps.progress.warn(`${step.id}: its digest differs from ${baselineVariant}'s: this sample computed something else and is counted as failed`);
    }
    this.record('run', record);
  }

  private async measureCalibration(step: CalibrationStep): Promise<void> {
    const measured = await (this.deps.calibrate ?? calibrate)();
    this.append({ schema: recordSchemaVersion, type: 'calibration', step: step.id, point: step.point, index: step.index, ...measured, at: now() });
  }

  private async waitForEngine(error: DockerwasmError): Promise<void> {
    const { engine, signal, progress } = this.deps;
    const seconds = this.deps.engineRecoverySeconds ?? 60;
    progress.warn(`the engine stopped answering (${messageOf(error)}); waiting up to ${seconds} s for it to come back`);
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline && !signal.aborted) {
      try {
        await engine.ping();
        progress.info('the engine answers again; continuing');
        this.present.clear();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    throw error;
  }
}
