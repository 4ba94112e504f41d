// Descriptive statistics of one set of samples (pure; computed by simple-statistics and stdlib).
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { max, mean, median, medianAbsoluteDeviation, min, sampleStandardDeviation } from 'simple-statistics';

export interface Description {
  n: number;
  mean: number;
  /** sample standard deviation (n - 1); null for one sample */
  sd: number | null;
  median: number;
  min: number;
  max: number;
  /** coefficient of variation, sd / mean */
  cv: number | null;
  /** 95% confidence interval of the mean (Student's t); null for one sample */
  ci95: [number, number] | null;
  /** indices of samples the MAD rule flags (hyperfine's: |x - median| / MAD > 14.826, a zero MAD taken as machine epsilon); never dropped */
  outliers: number[];
}

/** hyperfine's threshold: a modified Z-score above 10, i.e. |x - median| / MAD > 1.4826 x 10 */
export const outlierThreshold = 14.826;

/** hyperfine's modified Z-scores: (x - median) / MAD, where a MAD of 0 is replaced by machine epsilon. */
export function outlierIndices(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const center = median([...values]);
  const mad = medianAbsoluteDeviation([...values]) || Number.EPSILON;
  return values.flatMap((value, index) => (Math.abs(value - center) / mad > outlierThreshold ? [index] : []));
}

export function describe(values: readonly number[]): Description | null {
  if (values.length === 0) return null;
  const data = [...values];
  const average = mean(data);
  const sd = data.length > 1 ? sampleStandardDeviation(data) : null;
  let ci95: [number, number] | null = null;
  if (sd !== null) {
    const half = tQuantile(0.975, data.length - 1) * (sd / Math.sqrt(data.length));
    ci95 = [average - half, average + half];
  }
  return {
    n: data.length,
    mean: average,
    sd,
    median: median(data),
    min: min(data),
    max: max(data),
    cv: sd !== null && average !== 0 ? sd / average : null,
    ci95,
    outliers: outlierIndices(data),
  };
}

/** The plain mean of the values that are numbers, or null when none is. */
export function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
