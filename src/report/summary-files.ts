// summary.json, summary.csv and summary.md of a results directory, all derived from the records.
import Papa from 'papaparse';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import type { Description } from '../stats/describe.js';
import { definitions } from './environment.js';
import type { Summary } from './summarise.js';
import { mainTable, renderMarkdownTable, resultNotes, splitTable } from './tables.js';

export interface SummaryDocument {
  schema: 1;
  complete: boolean;
  workload: Record<string, unknown>;
  settings: Record<string, unknown>;
  definitions: typeof definitions;
  summary: Summary;
}

export const summaryCsvColumns = ['subject', 'metric', 'unit', 'n', 'mean', 'sd', 'median', 'min', 'max', 'cv', 'ci95_low', 'ci95_high', 'outliers'];

export function summaryCsvRows(summary: Summary): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const add = (subject: string, metric: string, unit: string, d: Description | null) => {
    if (d === null) return;
    rows.push([subject, metric, unit, d.n, d.mean, d.sd, d.median, d.min, d.max, d.cv, d.ci95?.[0] ?? null, d.ci95?.[1] ?? null, d.outliers.length]);
  };
  for (const image of summary.images) {
    add(image.image, 'build', 'ms', image.build);
    rows.push([image.image, 'cold_build', 'ms', 1, image.coldBuildMs, null, null, null, null, null, null, null, 0]);
    rows.push([image.image, 'content_size', 'bytes', 1, image.contentBytes, null, null, null, null, null, null, null, 0]);
    rows.push([image.image, 'uncompressed_size', 'bytes', 1, image.uncompressedBytes, null, null, null, null, null, null, null, 0]);
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
  }
  return rows;
}

export function summaryCsv(summary: Summary): string {
  return Papa.unparse({ fields: summaryCsvColumns, data: summaryCsvRows(summary) }, { newline: '\n' }) + '\n';
}

export function summaryMarkdown(doc: SummaryDocument, environmentLines: string[]): string {
  const { summary } = doc;
  const lines = [
    `# dockerwasm: ${String(doc.workload.label)}`,
    '',
    doc.complete ? '' : '**Incomplete run**: interrupted or stopped early; figures cover the samples measured.\n',
    '## Results',
    '',
    renderMarkdownTable(mainTable(summary)),
    '',
    '## Where the run time goes',
    '',
    renderMarkdownTable(splitTable(summary)),
    '',
    ...resultNotes(summary).map((line) => `- ${line}`),
    '',
  ];
  if (summary.warnings.length > 0) lines.push('## Warnings', '', ...summary.warnings.map((w) => `- ${w}`), '');
  lines.push('## Method', '', ...Object.entries(doc.definitions).map(([key, text]) => `- **${key}**: ${text}`), '');
  lines.push('## Environment', '', ...environmentLines.map((line) => `- ${line}`), '');
  return lines.filter((line, index, all) => !(line === '' && all[index - 1] === '')).join('\n');
}

export async function writeSummaryFiles(dir: string, doc: SummaryDocument, environmentLines: string[]): Promise<void> {
  await writeJsonAtomic(join(dir, 'summary.json'), doc);
  await writeFileAtomic(join(dir, 'summary.csv'), summaryCsv(doc.summary));
  await writeFileAtomic(join(dir, 'summary.md'), summaryMarkdown(doc, environmentLines));
}
