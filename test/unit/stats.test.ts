import { describe as suite, expect, it } from 'vitest';
import { compareSamples } from '../../src/stats/compare.js';
import { describe, outlierIndices } from '../../src/stats/describe.js';

// Expected values computed with scipy 1.x (stats.t.interval, stats.ttest_ind(equal_var=False), on log times where said).
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

  // hyperfine's own cases (src/outlier_detection.rs, test_detect_outliers and test_detect_outliers_if_mad_becomes_0)
  it("counts outliers as hyperfine's tests do, a zero MAD taken as machine epsilon", () => {
    const count = (xs: number[]) => outlierIndices(xs).length;
    expect(count([])).toBe(0);
    expect(count([50])).toBe(0);
    expect(count([1000, 0])).toBe(0);
    expect(count([-0.2, 0.0, 0.2])).toBe(0);
    expect(count([-0.2, 0.0, 0.2, 4.0])).toBe(1);
    expect(count([0.5, 0.3, 0.29, 0.31, 0.3])).toBe(1);
    const normal = [2.33269488, 1.42195907, -0.57527698, -0.31293437, 2.2948158, 0.75813273, -1.0712388, -0.96394741, -1.15897446, 1.10976285];
    expect(count(normal)).toBe(0);
    expect(count([...normal, 20.0, -500.0])).toBe(2);
    expect(outlierIndices([10, 10, 10, 10, 10, 10, 10, 100])).toEqual([7]);
    expect(count([10, 10, 10, 10, 10, 10, 10, 100, 100])).toBe(2);
  });
});

suite('compareSamples', () => {
  const a = [412.1, 405.3, 398.7, 420.2, 415.0, 409.9, 401.4, 418.8];
  const b = [455.2, 470.1, 449.8, 462.3, 458.7, 466.0, 451.9];

  it('runs Welch t on log times for the ratio and its verdict, and on raw times for the difference', () => {
    const c = compareSamples(a, b)!;
    // scipy: stats.ttest_ind(np.log(a), np.log(b), equal_var=False)
    expect(c.df).toBeCloseTo(12.989655890643219, 6);
    expect(c.pValue).toBeCloseTo(1.5212755681033267e-8, 12);
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

  it('takes the point, the interval and the verdict from one estimator: the geometric-mean ratio on log times', () => {
    // an interval on log times whose upper end is just above 1 covers "no difference", whatever the raw means say
    const c = compareSamples([15.029, 12.1, 17.9, 13.0, 16.2], [17.731, 17.2, 18.3, 17.5, 18.0])!;
    expect(c.verdict).toBe(c.ratioCi95[0] > 1 ? 'slower' : c.ratioCi95[1] < 1 ? 'faster' : 'no difference');
    expect(c.ratio).toBeGreaterThanOrEqual(c.ratioCi95[0]);
    expect(c.ratio).toBeLessThanOrEqual(c.ratioCi95[1]);
    // numpy: np.mean(a) / np.mean(b), kept as a descriptive figure only
    expect(compareSamples(a, b)!.ratioOfMeans).toBeCloseTo(0.893349408836341, 12);
  });

  it('compares samples without spread exactly (scipy: t = inf, p = 0), never as "no difference"', () => {
    const c = compareSamples([330, 330, 330], [130, 130, 130])!;
    expect(c.verdict).toBe('slower');
    expect(c.ratio).toBeCloseTo(330 / 130, 12);
    expect(c.ratioCi95).toEqual([c.ratio, c.ratio]);
    expect(c.pValue).toBe(0);
    expect(c.difference).toBe(200);
    expect(c.differenceCi95).toEqual([200, 200]);
    expect(compareSamples([130, 130], [130, 130])!.verdict).toBe('no difference');
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
