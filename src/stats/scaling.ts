// How a time grows with the workload's size (pure): the slope b of log2(time) against log2(size),
// by least squares; the time is multiplied by 2^b each time the size doubles.
import { linearRegression } from 'simple-statistics';

export interface Growth {
  /** exponent b in time ~ size^b */
  exponent: number;
  /** factor per doubling of the size: 2^b */
  perDoubling: number;
}

export function growthPerDoubling(points: readonly { size: number; value: number }[]): Growth | null {
  const usable = points.filter((p) => p.size > 0 && p.value > 0);
  if (new Set(usable.map((p) => p.size)).size < 2) return null;
  const { m } = linearRegression(usable.map((p) => [Math.log2(p.size), Math.log2(p.value)]));
  return { exponent: m, perDoubling: 2 ** m };
}
