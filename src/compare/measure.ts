// Measures one step of a compare plan: a build (and, the first time, the image's size), a container run,
// or a calibration, each appended as one record. When the engine stops answering, the sample it lost is
// recorded, and `recover` waits for the engine and has what it lost rebuilt.
// Everything goes through ContainerEngine, so it runs against a fake in unit tests.
import type { CompareSettings } from '../config/compare-settings.js';
import { measureImageSize } from '../engine/image-size.js';
import { labelsFor, runLabel } from '../engine/labels.js';
import { liveRunName, liveRuns } from '../engine/live-runs.js';
import { runContainer, type RunMeasurement } from '../engine/run-container.js';
import type { Labels } from '../engine/types.js';
import { DockerwasmError, isDockerwasmError, messageOf } from '../errors.js';
import { isThreadedFlavour } from '../flavours/flavours.js';
import { calibrate, cpuMhz, readCpuTimes, stealPercent, type Calibration } from '../host/host-load.js';
import { imageBuildRequest, type PreparedImage } from '../images/prepare-images.js';
import type { Variant } from '../profiles/variants.js';
import { noWasiThreadsError } from '../profiles/profiles.js';
import { baselineDigestOf, recordSchemaVersion, type BuildRecord, type CompareRecord, type Outcome, type RunRecord } from '../results/compare-records.js';
import { readGuestResult, type GuestResult } from '../results/guest-result.js';
import { baselineVariant, isBaseline } from '../results/variants.js';
import type { Measurer } from '../run/run-kind.js';
import { definitionOf, guestArguments } from '../workloads/workload.js';
import type { BuildStep, CalibrationStep, CompareStep, RunStep } from './plan.js';
import type { CompareDeps, ComparePreparation } from './preparation.js';
import { describeRecord } from './progress-text.js';

const now = () => new Date().toISOString();
const tail = (text: string, lines = 5) => text.trim().split('\n').slice(-lines).join('\n');

/** Where a run record belongs in the plan, and when it was measured. */
interface RunPlace {
  step: string;
  variant: string;
  image: string;
  phase: 'warmup' | 'sample';
  index: number;
  at: string;
}

/** The record of a sample the engine stopped answering in: nothing measured. */
function unavailableRunRecord(place: RunPlace, error: string): RunRecord {
  return {
    schema: recordSchemaVersion,
    type: 'run',
    ...place,
    outcome: 'engine-unavailable',
    createMs: null,
    startMs: null,
    exitWaitMs: null,
    totalMs: null,
    removeMs: null,
    exitCode: null,
    peakMemoryBytes: null,
    cpu: null,
    guest: null,
    stderrTail: '',
    error,
  };
}

/** The record of one measured container run, with the guest's result line when it printed one. */
function runRecordFrom(place: RunPlace, measurement: RunMeasurement, read: (stdout: string) => GuestResult | null): RunRecord {
  const guest = measurement.outcome === 'ok' ? read(measurement.stdout) : null;
  const outcome: Outcome = measurement.outcome === 'ok' && guest === null ? 'no-result' : measurement.outcome;
  const { createMs, startMs, exitWaitMs, totalMs, removeMs, exitCode, peakMemoryBytes, cpu } = measurement;
  return {
    schema: recordSchemaVersion,
    type: 'run',
    ...place,
    outcome,
    createMs,
    startMs,
    exitWaitMs,
    totalMs,
    removeMs,
    exitCode,
    peakMemoryBytes,
    cpu,
    guest,
    stderrTail: tail(measurement.stderr),
    error: outcome === 'no-result' ? `no result line on stdout: ${tail(measurement.stdout, 2)}` : measurement.error,
  };
}

export class CompareMeasurer implements Measurer<CompareStep, CompareRecord> {
  private readonly sized: Set<string>;
  /** images known to exist in the engine since the last outage */
  private readonly present = new Set<string>();
  private readonly labels: Labels;
  /** the sets of other runs already warned of */
  private readonly warnedOf = new Set<string>();
  /** the other runs seen just after the last measurement, which serves as the next one's reading before it */
  private lastOtherRuns: string[] | null | undefined;
  private referenceDigest: string | null;
  /** what the program computed, read by its protocol */
  private readonly read: (stdout: string) => GuestResult | null;
  /** what the program's definition adds to every run: its environment */
  private readonly env: readonly string[];

  constructor(
    private readonly deps: CompareDeps,
    private readonly settings: CompareSettings,
    private readonly prep: ComparePreparation,
    previous: readonly CompareRecord[],
  ) {
    this.sized = new Set(previous.flatMap((r) => (r.type === 'size' ? [r.image] : [])));
    this.referenceDigest = baselineDigestOf(previous);
    this.labels = labelsFor('experiment', { [runLabel]: prep.runId });
    const definition = definitionOf(settings.workload);
    this.read = (stdout) => readGuestResult(definition.result, definition.name, stdout);
    this.env = definition.run.env;
    if (!deps.keepImages) for (const image of prep.images) deps.registry.image(image.reference);
  }

  async measure(step: CompareStep, append: (record: CompareRecord) => void): Promise<void> {
    if (step.kind === 'build') await this.measureBuild(step, append);
    else if (step.kind === 'run') await this.measureRun(step, append);
    else await this.measureCalibration(step, append);
  }

  describe(record: CompareRecord): { phase: string; line: string } | null {
    return record.type === 'build' || record.type === 'run' ? { phase: record.type, line: describeRecord(record, this.referenceDigest) } : null;
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

  private async measureBuild(step: BuildStep, append: (record: CompareRecord) => void): Promise<void> {
    const image = this.image(step.image);
    const place = { schema: recordSchemaVersion, type: 'build', step: step.id, image: image.name, phase: step.phase, index: step.index, noCache: step.noCache, builder: this.prep.builder } as const;
    try {
      const { value, otherRuns } = await this.besideOtherRuns(() => this.buildOnce(image, step.noCache));
      this.present.add(image.name);
      const record: BuildRecord = { ...place, ms: value.ms, ok: true, imageId: value.imageId, error: null, at: now(), ...otherRuns };
      append(record);
    } catch (error) {
      if (isDockerwasmError(error, 'INTERRUPTED')) throw error;
      append({ ...place, ms: null, ok: false, imageId: null, error: messageOf(error), at: now() });
      if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE') || step.phase === 'cold') throw error;
      this.deps.progress.warn(`build ${step.id} failed: ${messageOf(error)}`);
    }
    if (!this.sized.has(image.name)) {
      const size = await measureImageSize(this.deps.engine, image.reference);
      append({ schema: recordSchemaVersion, type: 'size', image: image.name, reference: image.reference, ...size, at: now() });
      this.sized.add(image.name);
    }
  }

  private async measureRun(step: RunStep, append: (record: CompareRecord) => void): Promise<void> {
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
          ...(variant.env || this.env.length ? { env: [...this.env, ...(variant.env ?? [])] } : {}),
          ...(variant.profile.annotations ? { annotations: variant.profile.annotations } : {}),
          networkMode: 'none',
        },
        { clock, timeoutMs: this.settings.timeoutSeconds * 1000, registry, signal, watchMemory: this.settings.watchMemory, cgroups: this.prep.cpuAccounting },
      ));
    } catch (error) {
      if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) append(unavailableRunRecord(place(startedAt), messageOf(error)));
      throw error;
    }
    const host = { stealPercent: stealPercent(cpuBefore, readCpuTimes()), mhzBefore, mhzAfter: cpuMhz() };
    const record: RunRecord = { ...runRecordFrom(place(now()), measured.value, this.read), ...measured.otherRuns, host };
    if (record.outcome !== 'ok' && isThreadedFlavour(variant.flavour) && variant.profile.wasiThreads !== true) {
      record.error = noWasiThreadsError(variant.profile, record.error ?? record.outcome);
    }
    if (record.guest !== null && this.referenceDigest === null && isBaseline(variant)) this.referenceDigest = record.guest.digest;
    if (record.outcome !== 'ok') {
      this.deps.progress.warn(`${step.id}: ${record.error}${record.stderrTail ? ` (stderr: ${record.stderrTail.split('\n').pop()})` : ''}`);
    } else if (this.referenceDigest !== null && record.guest?.digest !== this.referenceDigest) {
      this.deps.progress.warn(`${step.id}: its digest differs from ${baselineVariant}'s: this sample computed something else and is counted as failed`);
    }
    append(record);
  }

  private async measureCalibration(step: CalibrationStep, append: (record: CompareRecord) => void): Promise<void> {
    const measured: Calibration = await (this.deps.calibrate ?? calibrate)();
    append({ schema: recordSchemaVersion, type: 'calibration', step: step.id, point: step.point, index: step.index, ...measured, at: now() });
  }

  /** The engine stopped answering: waits for it to come back (then images are checked again), or throws. */
  async recover(error: DockerwasmError): Promise<void> {
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
