// The order of a run's measurements, shuffled from a recorded seed: the same seed gives the same order, so
// a resumed run continues the same plan, and drift (thermal, cache, a neighbour) spreads over the variants.
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

export function seededShuffler(seed: number): <T>(items: readonly T[]) => T[] {
  const rng = xoroshiro128plus(seed);
  return <T>(items: readonly T[]): T[] => {
    const result = [...items];
    for (let i = result.length - 1; i > 0; i--) {
      const j = unsafeUniformIntDistribution(0, i, rng);
      [result[i], result[j]] = [result[j]!, result[i]!];
    }
    return result;
  };
}
