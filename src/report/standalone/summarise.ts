// A standalone run's figures, from env.json and samples.jsonl (pure): per (workload, runtime) cell the
// time, CPU and memory of its good samples, its failures with their reasons, and its ratio to native.
import type { StandaloneEnvironment } from '../../results/environment.js';
import { stdoutDifference, type GuestResult } from '../../results/guest-result.js';
import type { StandaloneOutcome, StandaloneSample } from '../../results/standalone-records.js';
import type { StandaloneRow, StandaloneSummary } from '../../results/summaries.js';
import { compareSamples } from '../../stats/compare.js';
import { describe, meanOf } from '../../stats/describe.js';


/** The native baseline's result for each workload: its first good run, a warm-up included. */
function referenceResults(samples: readonly StandaloneSample[]): Map<string, GuestResult> {
  const results = new Map<string, GuestResult>();
  for (const sample of samples) {
    if (sample.runtime === 'native' && sample.outcome === 'ok' && sample.guest && !results.has(sample.workload)) results.set(sample.workload, sample.guest);
  }
  return results;
}

/** A wrong result's digest beside native's, and where a stdout result first differs. */
function mismatchText(got: GuestResult | null | undefined, native: GuestResult | undefined): string {
  const difference = stdoutDifference(got, native);
  return `digest ${got?.digest.slice(0, 12) ?? '?'} where native has ${native?.digest.slice(0, 12) ?? 'none'}${difference ? `: ${difference}` : ''}`;
}

/** ok, unless its digest differs from native's (then digest-mismatch), or native has none to compare with. */
export function standaloneVerdict(sample: StandaloneSample, reference: string | undefined): StandaloneOutcome {
  if (sample.outcome !== 'ok') return sample.outcome;
  if (reference === undefined || sample.guest?.digest !== reference) return 'digest-mismatch';
  return 'ok';
}

export function summariseStandalone(env: StandaloneEnvironment, samples: readonly StandaloneSample[]): StandaloneSummary {
  const references = referenceResults(samples);
  const warnings: string[] = [];
  const rows: StandaloneRow[] = [];
  for (const workload of env.workloads) {
    if (!references.has(workload.label)) warnings.push(`${workload.label}: the native baseline has no good run, so no Wasm run of it can be checked (all counted as failed)`);
    for (const runtime of env.runtimes) {
      const own = samples.filter((s) => s.workload === workload.label && s.runtime === runtime.name);
      if (own.length === 0) continue;
      const measured = own.filter((s) => s.phase === 'sample');
      const verdicts = measured.map((s) => ({ sample: s, verdict: standaloneVerdict(s, references.get(workload.label)?.digest) }));
      const good = verdicts.filter((v) => v.verdict === 'ok').map((v) => v.sample);
      const failedOutcomes = [...new Set(verdicts.filter((v) => v.verdict !== 'ok').map((v) => v.verdict))];
      const cpu = good.map((s) => ((s.userMs! + s.sysMs!) / s.wallMs!) * 100);
      const cpuMean = meanOf(cpu);
      const module = env.modules.find((m) => m.workload === workload.label && m.module === runtime.module);
      rows.push({
        workload: workload.label,
        runtime: runtime.name,
        label: runtime.label,
        kind: runtime.kind,
        thesisRow: runtime.thesisRow,
        n: good.length,
        failed: failedOutcomes.map((outcome) => {
          const these = verdicts.filter((v) => v.verdict === outcome);
          const first = these[0]!.sample;
          return {
            outcome,
            count: these.length,
            firstError: outcome === 'digest-mismatch' ? mismatchText(first.guest, references.get(workload.label)) : first.error,
          };
        }),
        time: describe(good.map((s) => s.wallMs!)),
        compute: describe(good.flatMap((s) => (s.guest?.compute_ms !== undefined ? [s.guest.compute_ms] : []))),
        cpuPercent: describe(cpu),
        cpuSharePercent: cpuMean === null ? null : cpuMean / env.host.cpus,
        userMs: meanOf(good.map((s) => s.userMs!)),
        sysMs: meanOf(good.map((s) => s.sysMs!)),
        peakRss: describe(good.flatMap((s) => (s.maxRssBytes === null ? [] : [s.maxRssBytes]))),
        vmPeakBytes: meanOf(good.flatMap((s) => (s.vmPeakBytes === null ? [] : [s.vmPeakBytes]))),
        compileMs: module?.compileMs ?? null,
        vsNative: null,
        warmupMs: own.filter((s) => s.phase === 'warmup' && s.outcome === 'ok').map((s) => s.wallMs!),
      });
    }
  }
  for (const row of rows) {
    if (row.runtime === 'native') continue;
    const native = rows.find((r) => r.workload === row.workload && r.runtime === 'native');
    const times = (r: StandaloneRow) =>
      samples.filter((s) => s.workload === r.workload && s.runtime === r.runtime && s.phase === 'sample' && standaloneVerdict(s, references.get(r.workload)?.digest) === 'ok').map((s) => s.wallMs!);
    row.vsNative = native ? compareSamples(times(row), times(native)) : null;
  }
  return {
    label: env.label,
    complete: env.completedAt !== null,
    cpus: env.host.cpus,
    workloads: env.workloads.map((w) => ({ label: w.label, algorithm: w.algorithm, scale: w.scale, digest: references.get(w.label)?.digest ?? null })),
    rows,
    unavailable: env.runtimes.filter((r) => !r.available).map((r) => ({ runtime: r.name, label: r.label, reason: r.reason ?? 'not available' })),
    skipped: env.skipped.filter((s) => env.runtimes.find((r) => r.name === s.runtime)?.available),
    warnings,
  };
}
