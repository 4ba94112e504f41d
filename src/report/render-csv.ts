// The report as CSV: one row per figure (subject, metric, unit and its statistics). summary.csv holds
// one results directory; report.csv several, each row led by the directory it came from.
import Papa from 'papaparse';
import type { Description } from '../stats/describe.js';
import type { ReportContent } from './content.js';
import type { Summary } from './summarise.js';

export const summaryCsvColumns = ['subject', 'metric', 'unit', 'n', 'mean', 'sd', 'median', 'min', 'max', 'cv', 'ci95_low', 'ci95_high', 'outliers'];

type Row = (string | number | null)[];

export function summaryCsvRows(summary: Summary): Row[] {
  const rows: Row[] = [];
  const add = (subject: string, metric: string, unit: string, d: Description | null) => {
    if (d === null) return;
    rows.push([subject, metric, unit, d.n, d.mean, d.sd, d.median, d.min, d.max, d.cv, d.ci95?.[0] ?? null, d.ci95?.[1] ?? null, d.outliers.length]);
  };
  const single = (subject: string, metric: string, unit: string, value: number | null) => rows.push([subject, metric, unit, 1, value, null, null, null, null, null, null, null, 0]);
  for (const image of summary.images) {
    add(image.image, 'build', 'ms', image.build);
    single(image.image, 'cold_build', 'ms', image.coldBuildMs);
    single(image.image, 'content_size', 'bytes', image.contentBytes);
    single(image.image, 'uncompressed_size', 'bytes', image.uncompressedBytes);
  }
  for (const v of summary.variants) {
    add(v.name, 'run', 'ms', v.run);
    add(v.name, 'create', 'ms', v.create);
    add(v.name, 'start', 'ms', v.start);
    add(v.name, 'exit_wait', 'ms', v.exitWait);
    add(v.name, 'remove', 'ms', v.remove);
    add(v.name, 'guest_compute', 'ms', v.compute);
    add(v.name, 'overhead', 'ms', v.overhead);
    add(v.name, 'peak_memory', 'bytes', v.peakMemoryBytes);
    add(v.name, 'cpu', 'ms', v.cpu);
    add(v.name, 'cpus_busy', 'cpu/run', v.parallelism);
  }
  return rows;
}

const unparse = (fields: string[], data: Row[]) => Papa.unparse({ fields, data }, { newline: '\n' }) + '\n';

/** report.csv: every section's rows, each led by its directory's name */
export function renderCsv(content: ReportContent): string {
  const rows = content.sections.flatMap(({ source }) => summaryCsvRows(source.document.summary).map((row) => [source.name, ...row]));
  return unparse(['source', ...summaryCsvColumns], rows);
}

/** summary.csv: one directory's rows */
export function renderSummaryCsv(summary: Summary): string {
  return unparse(summaryCsvColumns, summaryCsvRows(summary));
}
