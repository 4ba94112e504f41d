// From raw records to every figure (pure). A run sample counts only when its container exited 0, its
// result line parsed, and its digest equals the Linux (runc) variant's: a different digest means a
// different computation, which is reported as a failure and never averaged in.
import { isThreadedFlavour } from '../../flavours/flavours.js';
import { baselineResultOf, type BuildRecord, type CalibrationRecord, type CompareRecord, type Outcome, type RunRecord, type SizeRecord } from '../../results/compare-records.js';
import { stdoutDifference } from '../../results/guest-result.js';
import type { FailedSample, HostSummary, ImageSummary, Summary, VariantComparison, VariantSummary } from '../../results/summaries.js';
import { baselineVariant, oneThreadVariant, type ImageInfo, type VariantInfo } from '../../results/variants.js';
import { compareSamples } from '../../stats/compare.js';
import { describe } from '../../stats/describe.js';

export interface SummaryInput {
  records: CompareRecord[];
  variants: VariantInfo[];
  images: ImageInfo[];
}

/** A calibration spread above this is drift: the calibration repeats within it on an idle machine here. */
export const calibrationSpreadLimit = 1.25;
/** Mean steal above this (%) makes run times longer by about as much: comparable to the differences reported. */
export const stealLimit = 2;

function hostSummary(records: CompareRecord[], warnings: string[]): HostSummary | null {
  const calibrations = records.filter((r): r is CalibrationRecord => r.type === 'calibration');
  const runs = records.filter(isRun).filter((r) => r.phase === 'sample' && r.host !== undefined);
  if (calibrations.length === 0 && runs.length === 0) return null;
  const calibrationMs = calibrations.map((c) => c.ms);
  const steal = numbers(runs.map((r) => r.host!.stealPercent));
  const clocks = numbers(runs.flatMap((r) => [r.host!.mhzBefore, r.host!.mhzAfter]));
  const spread = calibrationMs.length > 1 ? Math.max(...calibrationMs) / Math.min(...calibrationMs) : null;
  if (spread !== null && spread > calibrationSpreadLimit) {
    const where = (c: CalibrationRecord) => (c.point === 'start' ? 'at the start' : c.point === 'end' ? 'at the end' : `after round ${c.index + 1}`);
    const fastest = calibrations.reduce((a, b) => (b.ms < a.ms ? b : a));
    const slowest = calibrations.reduce((a, b) => (b.ms > a.ms ? b : a));
    warnings.push(
      `the host's speed drifted during this run: the calibration took ${fastest.ms.toFixed(1)} ms ${where(fastest)} and ${slowest.ms.toFixed(1)} ms ${where(slowest)} ` +
        `(${spread.toFixed(2)}x, limit ${calibrationSpreadLimit}x); samples from around those points are not comparable in absolute terms (ratios within one round still are)`,
    );
  }
  const stealDescription = describe(steal);
  if (stealDescription !== null && stealDescription.mean > stealLimit) {
    warnings.push(`the hypervisor took ${stealDescription.mean.toFixed(1)}% of the CPU time during the samples on average (max ${stealDescription.max.toFixed(1)}%, limit ${stealLimit}%): run times are longer by about as much`);
  }
  return {
    calibrationMs,
    calibration: describe(calibrationMs),
    calibrationSpread: spread,
    steal: stealDescription,
    mhz: clocks.length ? { min: Math.min(...clocks), max: Math.max(...clocks) } : null,
  };
}


/** A warning for the measured samples that shared the engine with other runs, or none. */
function sharedEngineWarning(subject: string, records: { otherRuns?: string[] | undefined }[]): string[] {
  const shared = records.filter((r) => (r.otherRuns?.length ?? 0) > 0);
  if (shared.length === 0) return [];
  const others = [...new Set(shared.flatMap((r) => r.otherRuns!))];
  return [`${subject}: ${shared.length} of ${records.length} samples were measured while another dockerwasm run used this engine (${others.join('; ')}); they shared the machine and are not comparable with the rest`];
}

const isRun = (record: CompareRecord): record is RunRecord => record.type === 'run';
const isBuild = (record: CompareRecord): record is BuildRecord => record.type === 'build';
const isSize = (record: CompareRecord): record is SizeRecord => record.type === 'size';
const numbers = (values: (number | null | undefined)[]) => values.filter((v): v is number => typeof v === 'number');

/** Classifies a run: 'ok', or why it does not count. */
export function runVerdict(record: RunRecord, referenceDigest: string | null): Outcome {
  if (record.outcome !== 'ok') return record.outcome;
  if (record.guest === null) return 'no-result';
  if (referenceDigest !== null && record.guest.digest !== referenceDigest) return 'digest-mismatch';
  return 'ok';
}

export function summarise(input: SummaryInput): Summary {
  const { records } = input;
  const referenceResult = baselineResultOf(records);
  const referenceDigest = referenceResult?.digest ?? null;
  const warnings: string[] = [];

  const images: ImageSummary[] = input.images.map((image) => {
    const builds = records.filter(isBuild).filter((r) => r.image === image.name);
    const size = [...records.filter(isSize).filter((r) => r.image === image.name)].pop();
    const ok = builds.filter((r) => r.ok && r.ms !== null);
    const samplesMs = numbers(ok.filter((r) => r.phase === 'sample').map((r) => r.ms));
    return {
      image: image.name,
      reference: image.reference,
      flavour: image.flavour,
      artifactBytes: image.artifactBytes,
      contentBytes: size?.contentBytes ?? null,
      uncompressedBytes: size?.uncompressedBytes ?? null,
      layers: size?.layers ?? null,
      coldBuildMs: ok.find((r) => r.phase === 'cold')?.ms ?? null,
      warmupBuildMs: numbers(ok.filter((r) => r.phase === 'warmup').map((r) => r.ms)),
      build: describe(samplesMs),
      buildSamplesMs: samplesMs,
      failedBuilds: builds.filter((r) => !r.ok).map((r) => ({ step: r.step, error: r.error })),
    };
  });

  const variants: VariantSummary[] = input.variants.map((variant) => {
    const runs = records.filter(isRun).filter((r) => r.variant === variant.name);
    const samples = runs.filter((r) => r.phase === 'sample');
    const good = samples.filter((r) => runVerdict(r, referenceDigest) === 'ok');
    const failed = samples.flatMap((r): FailedSample[] => {
      const outcome = runVerdict(r, referenceDigest);
      if (outcome === 'ok') return [];
      const difference = outcome === 'digest-mismatch' ? stdoutDifference(r.guest, referenceResult) : null;
      const error =
        outcome === 'digest-mismatch' ? `digest ${r.guest?.digest.slice(0, 12)} differs from ${baselineVariant}'s ${referenceDigest?.slice(0, 12)}${difference ? `: ${difference}` : ''}` : r.error;
      return [{ step: r.step, outcome, error }];
    });
    const total = numbers(good.map((r) => r.totalMs));
    const compute = numbers(good.map((r) => r.guest?.compute_ms));
    const overhead = numbers(good.map((r) => (r.totalMs !== null && r.guest?.compute_ms !== undefined ? r.totalMs - r.guest.compute_ms : null)));
    const summary: VariantSummary = {
      ...variant,
      samples: good.length,
      failed,
      run: describe(total),
      create: describe(numbers(good.map((r) => r.createMs))),
      start: describe(numbers(good.map((r) => r.startMs))),
      exitWait: describe(numbers(good.map((r) => r.exitWaitMs))),
      remove: describe(numbers(good.map((r) => r.removeMs))),
      compute: describe(compute),
      overhead: describe(overhead),
      peakMemoryBytes: describe(numbers(good.map((r) => r.peakMemoryBytes))),
      cpu: describe(numbers(good.map((r) => r.cpu?.cpuMs))),
      parallelism: describe(numbers(good.map((r) => (r.cpu && r.totalMs ? r.cpu.cpuMs / r.totalMs : null)))),
      warmups: runs
        .filter((r) => r.phase === 'warmup')
        .map((r) => ({ totalMs: r.totalMs, computeMs: r.guest?.compute_ms ?? null, outcome: runVerdict(r, referenceDigest) })),
      runSamplesMs: total,
      computeSamplesMs: compute,
      overheadSamplesMs: overhead,
      digest: good[0]?.guest?.digest ?? null,
      guestResult: (good[0]?.guest?.result as Record<string, unknown> | undefined) ?? null,
      threads: good[0]?.guest?.threads ?? null,
    };
    if (failed.length > 0) {
      const kinds = [...new Set(failed.map((f) => f.outcome))].join(', ');
      warnings.push(`${variant.name}: ${failed.length} of ${samples.length} samples failed (${kinds}); first: ${failed[0]!.error ?? failed[0]!.outcome}`);
    }
    if (summary.run && summary.run.outliers.length > 0) {
      warnings.push(`${variant.name}: ${summary.run.outliers.length} run-time outlier(s) by the MAD rule (kept): ${summary.run.outliers.map((i) => `${(total[i]! / 1000).toFixed(3)} s`).join(', ')}`);
    }
    if (variant.kind === 'wasm' && variant.flavour === 'wasm' && /wasmedge/.test(variant.name)) {
      warnings.push(`${variant.name} ran the plain module: WasmEdge interprets it (no AOT), expect it far slower`);
    }
    return summary;
  });

  const baseline = variants.find((v) => v.name === baselineVariant);
  const baselineImage = images.find((i) => i.image === baseline?.image);
  const oneThread = variants.find((v) => v.name === oneThreadVariant);
  const comparisons: VariantComparison[] = baseline
    ? variants
        .filter((v) => v.name !== baselineVariant)
        .map((v) => {
          const image = images.find((i) => i.image === v.image);
          const safe = (a: number[], b: number[]) => {
            try {
              return compareSamples(a, b);
            } catch {
              return null;
            }
          };
          return {
            variant: v.name,
            baseline: baselineVariant,
            run: safe(v.runSamplesMs, baseline.runSamplesMs),
            compute: safe(v.computeSamplesMs, baseline.computeSamplesMs),
            overhead: safe(v.overheadSamplesMs, baseline.overheadSamplesMs),
            build: image && baselineImage ? safe(image.buildSamplesMs, baselineImage.buildSamplesMs) : null,
            contentSizeRatio: image?.contentBytes && baselineImage?.contentBytes ? image.contentBytes / baselineImage.contentBytes : null,
            uncompressedSizeRatio:
              image?.uncompressedBytes && baselineImage?.uncompressedBytes ? image.uncompressedBytes / baselineImage.uncompressedBytes : null,
            // a threaded module has the threads of runc as deployed: no one-thread comparison for it
            ...(oneThread && v.kind === 'wasm' && !isThreadedFlavour(v.flavour)
              ? { sameThreads: { baseline: oneThreadVariant, run: safe(v.runSamplesMs, oneThread.runSamplesMs), compute: safe(v.computeSamplesMs, oneThread.computeSamplesMs) } }
              : {}),
          };
        })
    : [];
  if (referenceDigest === null && variants.some((v) => v.kind === 'wasm')) {
    warnings.push(`no successful ${baselineVariant} run: Wasm outputs could not be checked against the native one`);
  }
  for (const image of images) {
    if (image.failedBuilds.length > 0) warnings.push(`image ${image.image}: ${image.failedBuilds.length} build(s) failed; first: ${image.failedBuilds[0]!.error}`);
  }
  for (const image of images) {
    warnings.push(...sharedEngineWarning(`image ${image.image} builds`, records.filter(isBuild).filter((r) => r.image === image.image && r.phase === 'sample' && r.ok)));
  }
  for (const variant of variants) {
    const samples = records.filter(isRun).filter((r) => r.variant === variant.name && r.phase === 'sample' && runVerdict(r, referenceDigest) === 'ok');
    warnings.push(...sharedEngineWarning(variant.name, samples));
  }
  const otherRuns = [...new Set(records.flatMap((r) => (r.type === 'build' || r.type === 'run' ? (r.otherRuns ?? []) : [])))];
  const host = hostSummary(records, warnings);
  return { referenceDigest, images, variants, comparisons, otherRuns, host, warnings };
}
