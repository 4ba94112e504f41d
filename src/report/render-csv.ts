// The report as CSV, for every kind of run: one row per figure (subject, metric, unit and its statistics).
// summary.csv holds one results directory; report.csv several, each row led by the directory it came from.
import Papa from 'papaparse';
import type { Description } from '../stats/describe.js';

export const summaryCsvColumns = ['subject', 'metric', 'unit', 'n', 'mean', 'sd', 'median', 'min', 'max', 'cv', 'ci95_low', 'ci95_high', 'outliers'];

export type CsvRow = (string | number | null)[];

/** Collects the rows of one directory: a figure with its statistics, or a single value. */
export class FigureRows {
  readonly rows: CsvRow[] = [];

  add(subject: string, metric: string, unit: string, d: Description | null): void {
    if (d === null) return;
    this.rows.push([subject, metric, unit, d.n, d.mean, d.sd, d.median, d.min, d.max, d.cv, d.ci95?.[0] ?? null, d.ci95?.[1] ?? null, d.outliers.length]);
  }

  single(subject: string, metric: string, unit: string, value: number | null): void {
    this.rows.push([subject, metric, unit, 1, value, null, null, null, null, null, null, null, 0]);
  }
}

const unparse = (fields: string[], data: CsvRow[]) => Papa.unparse({ fields, data }, { newline: '\n' }) + '\n';

/** report.csv: every directory's rows, each led by its directory's name */
export function renderCsv(sources: { name: string; rows: CsvRow[] }[]): string {
  return unparse(['source', ...summaryCsvColumns], sources.flatMap(({ name, rows }) => rows.map((row) => [name, ...row])));
}

/** summary.csv: one directory's rows */
export function renderSummaryCsv(rows: CsvRow[]): string {
  return unparse(summaryCsvColumns, rows);
}
