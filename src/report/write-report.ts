// Writes a report's formats into a folder. A results directory gets its summary (summary.json, .csv,
// .md: one directory, no charts) and its report (report.html, report.md with charts), all drawn from
// one load of its records.
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import { svgToPng } from './charts.js';
import { buildReportContent, describeResults, type ReportContent } from './content.js';
import { loadResults, type LoadedResults } from './load-results.js';
import { renderCsv, renderSummaryCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

export type ReportFormat = 'html' | 'md' | 'csv' | 'json';
export const reportFormats: readonly ReportFormat[] = ['html', 'md', 'csv', 'json'];

/** report.json: the content's tables and every directory's environment and summary */
export function reportJson(content: ReportContent) {
  return {
    title: content.title,
    results: content.sections.map(({ source }) => ({ dir: source.dir, env: source.env, summary: source.document })),
    thesis: content.thesis,
    warnings: content.warnings,
  };
}

/** Writes the chosen formats into `dir`; returns the files written. */
export async function writeReport(content: ReportContent, dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  const written: string[] = [];
  const write = async (name: string, data: string | Buffer) => {
    await writeFileAtomic(join(dir, name), data);
    written.push(join(dir, name));
  };
  if (formats.includes('html')) await write('report.html', renderHtml(content));
  if (formats.includes('md')) {
    for (const chart of content.charts) {
      await write(`charts/${chart.file}.svg`, chart.svg);
      await write(`charts/${chart.file}.png`, svgToPng(chart.svg));
    }
    await write('report.md', renderMarkdown(content));
  }
  if (formats.includes('csv')) await write('report.csv', renderCsv(content));
  if (formats.includes('json')) {
    await writeJsonAtomic(join(dir, 'report.json'), reportJson(content));
    written.push(join(dir, 'report.json'));
  }
  return written;
}

/** summary.json, summary.csv and summary.md of one results directory. */
export async function writeSummary(results: LoadedResults): Promise<void> {
  await writeJsonAtomic(join(results.dir, 'summary.json'), results.document);
  await writeFileAtomic(join(results.dir, 'summary.csv'), renderSummaryCsv(results.document.summary));
  await writeFileAtomic(join(results.dir, 'summary.md'), renderMarkdown(describeResults([results]), { charts: false }));
}

/** What `compare` and `reproduce` leave in a results directory, complete or not: its summary and its report. */
export async function writeRunFiles(dir: string): Promise<{ results: LoadedResults; files: string[] }> {
  const results = loadResults(dir);
  await writeSummary(results);
  const files = await writeReport(await buildReportContent([results]), results.dir, ['html', 'md']);
  return { results, files };
}
