// The result tables, in the shape of the thesis's Tables 16-18, and the run-time split that explains a
// difference (pure: a Summary in, rows out; rendered for the terminal or Markdown by the callers).
import { isThreadedFlavour } from '../../flavours/flavours.js';
import type { Summary, VariantSummary } from '../../results/summaries.js';
import { isBaseline, oneThreadVariant } from '../../results/variants.js';
import { intervalText, megabytes, meanWithCi, ratio, seconds } from '../format.js';
import type { TableData } from '../table-data.js';

function variantLabel(v: VariantSummary): string {
  return v.kind === 'native' ? `Linux (${v.name})` : `Wasm (${v.name})`;
}

export function mainTable(summary: Summary): TableData {
  const withOneThread = summary.variants.some((v) => v.name === oneThreadVariant);
  const rows = summary.variants.map((v) => {
    const image = summary.images.find((i) => i.image === v.image);
    const comparison = summary.comparisons.find((c) => c.variant === v.name);
    const runRatio = comparison?.run
      ? `${ratio(comparison.run.ratio)} ${intervalText(comparison.run.ratioCi95, (x) => x.toFixed(2))} ${comparison.run.verdict}`
      : isBaseline(v)
        ? 'baseline'
        : '-';
    const sameThreads = comparison?.sameThreads?.run
      ? `${ratio(comparison.sameThreads.run.ratio)} ${intervalText(comparison.sameThreads.run.ratioCi95, (x) => x.toFixed(2))} ${comparison.sameThreads.run.verdict}`
      : v.name === oneThreadVariant
        ? 'baseline'
        : '-';
    return [
      variantLabel(v),
      v.image,
      meanWithCi(image?.build ?? null),
      seconds(image?.coldBuildMs ?? null),
      `${megabytes(image?.contentBytes)} / ${megabytes(image?.uncompressedBytes)}`,
      meanWithCi(v.run),
      runRatio,
      ...(withOneThread ? [sameThreads] : []),
      `${v.samples}${v.failed.length ? ` (+${v.failed.length} failed)` : ''}`,
    ];
  });
  return {
    head: [
      'variant',
      'image',
      'build s (warm)',
      'cold build s',
      'image MB (content / unpacked)',
      'run s',
      withOneThread ? 'run vs Linux as deployed [95% CI]' : 'run vs Linux [95% CI]',
      ...(withOneThread ? ['run vs Linux, 1 thread [95% CI]'] : []),
      'samples',
    ],
    rows,
  };
}

export function splitTable(summary: Summary): TableData {
  // CPU columns only where it was measured (directories from before it was have none)
  const withCpu = summary.variants.some((v) => v.cpu !== null);
  const rows = summary.variants.map((v) => [
    variantLabel(v),
    seconds(v.create?.mean),
    seconds(v.start?.mean),
    seconds(v.exitWait?.mean),
    seconds(v.run?.mean),
    seconds(v.compute?.mean),
    seconds(v.overhead?.mean),
    ...(withCpu ? [seconds(v.cpu?.mean), v.parallelism ? v.parallelism.mean.toFixed(2) : '-'] : []),
    v.peakMemoryBytes ? megabytes(v.peakMemoryBytes.max, 1) : '-',
  ]);
  return {
    head: ['variant', 'create s', 'start s', 'exit wait s', 'run s', 'guest compute s', 'overhead s', ...(withCpu ? ['CPU s', 'CPUs busy (CPU / run)'] : []), 'peak MB'],
    rows,
  };
}

/** One sentence per Wasm variant: how much of its difference from Linux is overhead, how much compute. */
export function explanations(summary: Summary): string[] {
  const baseline = summary.variants.find(isBaseline);
  if (baseline?.run && !baseline.compute) {
    return [
      'Run time only: the program reports no compute time of its own (its result is its stdout), so no run is split into overhead and compute. ' +
        '`dockerwasm runtimes` times the same module without a container; a program that prints the json-line result (README) is split.',
    ];
  }
  if (!baseline?.run || !baseline.compute || !baseline.overhead) return [];
  return summary.comparisons.flatMap((c) => {
    const v = summary.variants.find((x) => x.name === c.variant);
    if (!v?.run || !v.compute || !v.overhead || !c.run) return [];
    const runDelta = v.run.mean - baseline.run!.mean;
    const overheadDelta = v.overhead.mean - baseline.overhead!.mean;
    const computeDelta = v.compute.mean - baseline.compute!.mean;
    const signed = (ms: number) => `${ms >= 0 ? '+' : '-'}${seconds(Math.abs(ms))} s`;
    const verdict =
      c.run.verdict === 'no difference'
        ? `runs as long as Linux (no difference at 95%: ${signed(runDelta)})`
        : `runs ${seconds(Math.abs(runDelta))} s ${runDelta > 0 ? 'longer' : 'shorter'} than Linux (${ratio(c.run.ratio)})`;
    const computeRatio = c.compute ? ratio(c.compute.ratio) : '-';
    // a claim about threads only from a measurement: CPU time over run time, from the containers' cgroups
    const threads =
      baseline.parallelism && v.parallelism
        ? ` Its processes kept ${v.parallelism.mean.toFixed(2)} CPUs busy on average over the run (CPU time / run time), Linux's ${baseline.parallelism.mean.toFixed(2)}.`
        : '';
    const same = c.sameThreads;
    const sameThreads =
      same?.run && same.compute
        ? ` Against Linux held to one thread (the same threads): run ${ratio(same.run.ratio)} ${intervalText(same.run.ratioCi95, (x) => x.toFixed(2))} ${same.run.verdict}, compute ${ratio(same.compute.ratio)} ${same.compute.verdict}.`
        : '';
    return [
      `${v.name} ${verdict}: ${signed(overheadDelta)} of overhead (create, start, runtime start, module load/compile, exit) ` +
        `and ${signed(computeDelta)} of compute (the program itself takes ${computeRatio} the native time` +
        `${c.compute && c.compute.verdict === 'no difference' ? ', no difference at 95%' : ''}).${threads}${sameThreads}`,
    ];
  });
}

/** Four significant digits, trailing zeros dropped; exponent form for the very large or small. */
const shortNumber = (value: number) =>
  Number.isInteger(value) ? String(value) : Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3 ? value.toPrecision(4) : String(Number(value.toPrecision(4)));

/** A text result as is when it is one short line, else its first line cut at 60 characters, quoted, with "…". */
function firstLine(text: string): string {
  const line = (text.split('\n')[0] ?? '').slice(0, 60);
  return line === text.trimEnd() ? text : JSON.stringify(`${line}…`);
}

/** What the program computed on the Linux baseline, its scalar result fields; every good sample matched its digest. */
export function workloadResultLine(summary: Summary): string | null {
  const baseline = summary.variants.find(isBaseline);
  if (!baseline?.guestResult || !baseline.digest) return null;
  const fields = Object.entries(baseline.guestResult)
    .filter((entry): entry is [string, number | string] => typeof entry[1] === 'number' || typeof entry[1] === 'string')
    .map(([key, value]) => `${key.replace(/_/g, ' ')} ${typeof value === 'number' ? shortNumber(value) : firstLine(value)}`);
  return `What the program computed (digest ${baseline.digest.slice(0, 12)}, the same in every sample counted above): ${fields.join(', ')}.`;
}

/** The warm-up runs, which no figure above counts: each variant's run times (create to exit), or how they ended. */
export function warmupLine(summary: Summary): string | null {
  const parts = summary.variants.flatMap((v) =>
    v.warmups.length === 0 ? [] : [`${v.name} ${v.warmups.map((w) => (w.outcome === 'ok' && w.totalMs !== null ? `${seconds(w.totalMs)} s` : w.outcome)).join(', ')}`],
  );
  return parts.length === 0 ? null : `Warm-up runs, not counted above: ${parts.join('; ')}.`;
}

/** What the host did during the run: the calibration's spread, the CPU steal, the clock. */
export function hostLine(summary: Summary): string | null {
  const host = summary.host;
  if (host === null) return null;
  const parts: string[] = [];
  if (host.calibration) parts.push(`calibration ${host.calibration.mean.toFixed(1)} ms mean over ${host.calibration.n}${host.calibrationSpread === null ? '' : `, slowest / fastest ${host.calibrationSpread.toFixed(2)}x`}`);
  if (host.steal) parts.push(`CPU steal ${host.steal.mean.toFixed(2)}% mean, ${host.steal.max.toFixed(2)}% max`);
  if (host.mhz) parts.push(`CPU clock ${host.mhz.min === host.mhz.max ? `${host.mhz.min.toFixed(0)} MHz` : `${host.mhz.min.toFixed(0)}-${host.mhz.max.toFixed(0)} MHz`}`);
  return parts.length ? `The host during the samples: ${parts.join('; ')}.` : null;
}

/** The sentences printed under a result's tables. */
export function resultNotes(summary: Summary): string[] {
  const result = workloadResultLine(summary);
  const warmups = warmupLine(summary);
  const host = hostLine(summary);
  const comparisonsLine = summary.variants.some((v) => v.name === oneThreadVariant)
    ? [`Two Linux baselines: "as deployed" is runc with the program's thread pool on every CPU; "1 thread" is the same image with RAYON_NUM_THREADS=1 (${oneThreadVariant}), the one thread a wasm32-wasip1 module has.`]
    : [];
  const threaded = summary.variants.filter((v) => isThreadedFlavour(v.flavour));
  const threadsLine = threaded.length
    ? [`Threaded Wasm: ${threaded.map((v) => v.name).join(', ')} run${threaded.length === 1 ? 's' : ''} the module built for wasm32-wasip1-threads with ${threaded[0]!.env?.join(' ') ?? 'its default pool'}, the threads of runc "as deployed"; a runtime without wasi-threads fails its samples with its own error.`]
    : [];
  return [...comparisonsLine, ...threadsLine, ...explanations(summary), ...(warmups ? [warmups] : []), ...(host ? [host] : []), ...(result ? [result] : [])];
}
