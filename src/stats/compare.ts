// Comparing a Wasm variant with the Linux baseline (pure). Welch's t-test (unequal variances) on the
// raw times gives the difference and its 95% interval; the same test on log times gives the ratio of
// geometric means and its interval. When the interval covers no difference, the verdict says so.
import ttest2 from '@stdlib/stats-ttest2';
import { mean } from 'simple-statistics';

export interface Comparison {
  /** mean(candidate) / mean(baseline), the thesis's way of comparing */
  ratioOfMeans: number;
  /** geometric mean ratio with its 95% interval (Welch on log times) */
  ratio: number;
  ratioCi95: [number, number];
  /** mean(candidate) - mean(baseline) with its 95% interval (Welch) */
  difference: number;
  differenceCi95: [number, number];
  pValue: number;
  df: number;
  verdict: 'slower' | 'faster' | 'no difference';
}

export function compareSamples(candidate: readonly number[], baseline: readonly number[]): Comparison | null {
  if (candidate.length < 2 || baseline.length < 2) return null;
  if (candidate.some((x) => !(x > 0)) || baseline.some((x) => !(x > 0))) return null;
  const raw = ttest2([...candidate], [...baseline]);
  const logs = ttest2(candidate.map(Math.log), baseline.map(Math.log));
  const [low, high] = raw.ci as [number, number];
  return {
    ratioOfMeans: mean([...candidate]) / mean([...baseline]),
    ratio: Math.exp(logs.xmean - logs.ymean),
    ratioCi95: [Math.exp(logs.ci[0]!), Math.exp(logs.ci[1]!)],
    difference: raw.xmean - raw.ymean,
    differenceCi95: [low, high],
    pValue: raw.pValue,
    df: raw.df,
    verdict: low > 0 ? 'slower' : high < 0 ? 'faster' : 'no difference',
  };
}
