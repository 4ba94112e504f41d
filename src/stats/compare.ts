// Comparing a Wasm variant with the Linux baseline (pure). One estimator makes each claim: the ratio of
// geometric means, with its 95% interval from Welch's t-test on log times, and the verdict from that same
// interval ("no difference" when it covers 1). The raw difference of means, with its own Welch interval,
// is a figure of its own. Samples without spread on both sides are compared exactly.
import ttest2 from '@stdlib/stats-ttest2';
import { mean, sampleStandardDeviation } from 'simple-statistics';

export interface Comparison {
  /** geometric mean(candidate) / geometric mean(baseline): the point of every ratio shown */
  ratio: number;
  /** its 95% interval (Welch on log times) */
  ratioCi95: [number, number];
  /** from ratioCi95: slower when it lies above 1, faster below, no difference when it covers 1 */
  verdict: 'slower' | 'faster' | 'no difference';
  /** two-sided p of the log-time test the verdict comes from */
  pValue: number;
  /** Welch's degrees of freedom of that test; null when both sides have no spread */
  df: number | null;
  /** mean(candidate) / mean(baseline): the thesis's form, descriptive only */
  ratioOfMeans: number;
  /** mean(candidate) - mean(baseline), with its own 95% interval (Welch on raw times) */
  difference: number;
  differenceCi95: [number, number];
}

const spread = (values: readonly number[]) => sampleStandardDeviation([...values]);

export function compareSamples(candidate: readonly number[], baseline: readonly number[]): Comparison | null {
  if (candidate.length < 2 || baseline.length < 2) return null;
  if (candidate.some((x) => !(x > 0)) || baseline.some((x) => !(x > 0))) return null;
  const logCandidate = candidate.map(Math.log);
  const logBaseline = baseline.map(Math.log);
  const ratioOfMeans = mean([...candidate]) / mean([...baseline]);
  const difference = mean([...candidate]) - mean([...baseline]);
  if (spread(logCandidate) === 0 && spread(logBaseline) === 0) {
    // every sample equal on each side: the difference is exact (scipy's ttest_ind gives t = inf, p = 0)
    const ratio = Math.exp(mean(logCandidate) - mean(logBaseline));
    const verdict = ratio > 1 ? 'slower' : ratio < 1 ? 'faster' : 'no difference';
    return { ratio, ratioCi95: [ratio, ratio], verdict, pValue: ratio === 1 ? 1 : 0, df: null, ratioOfMeans, difference, differenceCi95: [difference, difference] };
  }
  const logs = ttest2(logCandidate, logBaseline);
  const raw = ttest2([...candidate], [...baseline]);
  const ratioCi95: [number, number] = [Math.exp(logs.ci[0]!), Math.exp(logs.ci[1]!)];
  return {
    ratio: Math.exp(logs.xmean - logs.ymean),
    ratioCi95,
    verdict: ratioCi95[0] > 1 ? 'slower' : ratioCi95[1] < 1 ? 'faster' : 'no difference',
    pValue: logs.pValue,
    df: logs.df,
    ratioOfMeans,
    difference,
    differenceCi95: [raw.ci[0]!, raw.ci[1]!],
  };
}
