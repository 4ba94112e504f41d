// The tests of a comparison declared before measuring (pure): is a Wasm variant's run time different from
// the baseline's (Welch on log times, two-sided), and is it the same within a stated margin (TOST: two
// one-sided Welch tests against log(1 - margin) and log(1 + margin))? Where one question tests several
// variants against one baseline, Holm's step-down method adjusts each family's p-values.
import ttest2 from '@stdlib/stats-ttest2';

export interface DeclaredTest {
  /** two-sided p of "the ratio is 1" (Welch on log times) */
  differenceP: number;
  /** TOST p of "the ratio lies outside [1 - margin, 1 + margin]": small means equivalent within the margin */
  equivalenceP: number;
  margin: number;
}

export interface AdjustedTest extends DeclaredTest {
  /** the same p-values after Holm's adjustment over the question's family */
  differencePHolm: number;
  equivalencePHolm: number;
  /** at alpha after Holm: 'equivalent' (within the margin), 'faster' or 'slower' (different, outside the margin), 'faster, within the margin' / 'slower, within the margin', or 'inconclusive' */
  verdict: 'equivalent' | 'faster' | 'slower' | 'faster, within the margin' | 'slower, within the margin' | 'inconclusive';
}

const logs = (values: readonly number[]) => values.map(Math.log);

/** The difference and equivalence tests of candidate / baseline run times; null with fewer than 2 samples a side or no spread. */
export function declaredTest(candidate: readonly number[], baseline: readonly number[], margin: number): DeclaredTest | null {
  if (candidate.length < 2 || baseline.length < 2 || candidate.some((x) => !(x > 0)) || baseline.some((x) => !(x > 0))) return null;
  const [c, b] = [logs(candidate), logs(baseline)];
  if (new Set(c).size === 1 && new Set(b).size === 1) return null;
  const differenceP = ttest2(c, b).pValue;
  const lower = ttest2(c, b, { difference: Math.log(1 - margin), alternative: 'greater' }).pValue;
  const upper = ttest2(c, b, { difference: Math.log(1 + margin), alternative: 'less' }).pValue;
  return { differenceP, equivalenceP: Math.max(lower, upper), margin };
}

/** Holm's step-down adjustment: each p times the number of hypotheses not yet rejected, kept monotone, at most 1. */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** A family's tests (one question, one baseline) adjusted by Holm and judged at `alpha`; the ratio gives the direction. */
export function judgeFamily(tests: readonly { test: DeclaredTest; ratio: number }[], alpha = 0.05): AdjustedTest[] {
  const difference = holm(tests.map((t) => t.test.differenceP));
  const equivalence = holm(tests.map((t) => t.test.equivalenceP));
  return tests.map(({ test, ratio }, index) => {
    const different = difference[index]! < alpha;
    const equivalent = equivalence[index]! < alpha;
    const direction = ratio < 1 ? 'faster' : 'slower';
    const verdict: AdjustedTest['verdict'] = different ? (equivalent ? `${direction}, within the margin` : direction) : equivalent ? 'equivalent' : 'inconclusive';
    return { ...test, differencePHolm: difference[index]!, equivalencePHolm: equivalence[index]!, verdict };
  });
}
