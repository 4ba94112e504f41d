import { describe as suite, expect, it } from 'vitest';
import { compareSamples } from '../../src/stats/compare.js';
import { describe, outlierIndices } from '../../src/stats/describe.js';

// Expected values computed with scipy 1.x (stats.t.interval, stats.ttest_ind(equal_var=False)).
suite('describe', () => {
  it('gives mean, sample sd, median and the t interval of the mean', () => {
    const d = describe([2, 4, 4, 4, 5, 5, 7, 9])!;
    expect(d.n).toBe(8);
    expect(d.mean).toBe(5);
    expect(d.sd).toBeCloseTo(2.138089935299395, 12);
    expect(d.median).toBe(4.5);
    expect(d.min).toBe(2);
    expect(d.max).toBe(9);
    expect(d.cv).toBeCloseTo(2.138089935299395 / 5, 12);
    expect(d.ci95![0]).toBeCloseTo(3.21251208176379, 9);
    expect(d.ci95![1]).toBeCloseTo(6.787487918236209, 9);
  });

  it('has no spread for one sample and nothing for none', () => {
    expect(describe([3])).toMatchObject({ n: 1, mean: 3, sd: null, ci95: null, cv: null });
    expect(describe([])).toBeNull();
  });

  it("flags outliers with hyperfine's MAD rule and keeps every sample", () => {
    const values = [100, 101, 99, 100, 102, 98, 100, 250];
    expect(outlierIndices(values)).toEqual([7]);
    const d = describe(values)!;
    expect(d.n).toBe(8);
    expect(d.outliers).toEqual([7]);
    expect(outlierIndices([100, 101, 99, 100, 102, 98, 100, 112])).toEqual([]);
  });

  it('does not flag anything when most samples are equal (MAD 0)', () => {
    expect(outlierIndices([5, 5, 5, 5, 9])).toEqual([]);
  });
});

suite('compareSamples', () => {
  const a = [412.1, 405.3, 398.7, 420.2, 415.0, 409.9, 401.4, 418.8];
  const b = [455.2, 470.1, 449.8, 462.3, 458.7, 466.0, 451.9];

  it('runs Welch t on raw times and on log times', () => {
    const c = compareSamples(a, b)!;
    expect(c.df).toBeCloseTo(12.901400951427513, 6);
    expect(c.pValue).toBeCloseTo(1.5796363422017855e-8, 12);
    expect(c.differenceCi95[0]).toBeCloseTo(-57.527658206009846, 6);
    expect(c.differenceCi95[1]).toBeCloseTo(-40.408056079704465, 6);
    expect(c.ratio).toBeCloseTo(0.8933054150166159, 9);
    expect(c.ratioCi95[0]).toBeCloseTo(0.8758182223937959, 6);
    expect(c.ratioCi95[1]).toBeCloseTo(0.9111417690270487, 6);
    expect(c.verdict).toBe('faster');
    expect(compareSamples(b, a)!.verdict).toBe('slower');
  });

  it('says "no difference" when the interval covers zero', () => {
    const c = compareSamples([10, 12, 11, 13, 9], [11, 10, 12, 13, 9])!;
    expect(c.verdict).toBe('no difference');
    expect(c.differenceCi95[0]).toBeLessThan(0);
    expect(c.differenceCi95[1]).toBeGreaterThan(0);
  });

  it('needs two samples on each side', () => {
    expect(compareSamples([1], [1, 2])).toBeNull();
  });
});

suite('growthPerDoubling', () => {
  it('finds the exponent of a power law and its factor per doubling', async () => {
    const { growthPerDoubling } = await import('../../src/stats/scaling.js');
    const quadratic = [1_000, 2_000, 4_000, 8_000].map((size) => ({ size, value: 3e-6 * size ** 2 }));
    expect(growthPerDoubling(quadratic)!.exponent).toBeCloseTo(2, 9);
    expect(growthPerDoubling(quadratic)!.perDoubling).toBeCloseTo(4, 9);
    expect(growthPerDoubling([{ size: 10, value: 5 }, { size: 20, value: 10 }])!.perDoubling).toBeCloseTo(2, 9);
    expect(growthPerDoubling([{ size: 10, value: 5 }])).toBeNull();
  });
});
