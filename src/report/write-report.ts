// Writes a report's formats into a folder, for every kind of run. A results directory gets its summary
// (summary.json, .csv, .md: one directory, no charts) and its report (report.html, report.md with charts),
// all drawn from one load of its records.
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import { svgToPng } from './charts.js';
import { reportKindOf } from './kinds.js';
import { loadResults, type LoadedResults } from './load-results.js';
import { chartsIn, type ReportContent } from './model.js';
import { renderCsv, renderSummaryCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

export type ReportFormat = 'html' | 'md' | 'csv' | 'json';
export const reportFormats: readonly ReportFormat[] = ['html', 'md', 'csv', 'json'];

/** A report of one or several results directories: its content (with charts, when drawn) and its sources. */
export interface Report {
  results: LoadedResults[];
  content: ReportContent;
}

export async function buildReport(results: LoadedResults[], options: { charts?: boolean } = {}): Promise<Report> {
  const kind = reportKindOf(results);
  const charts = options.charts === false ? [] : await kind.charts(results);
  return { results, content: kind.describe(results, charts) };
}

/** report.json: the content's tables beside the thesis, and every directory's environment and summary */
export function reportJson(report: Report) {
  const kind = reportKindOf(report.results);
  return {
    title: report.content.title,
    kind: report.results[0]!.kind,
    results: report.results.map((r) => ({ dir: r.dir, env: r.env, summary: kind.summaryFile(r) })),
    thesis: kind.thesisTables(report.results),
    warnings: kind.warnings(report.results),
  };
}

/** Writes the chosen formats into `dir`; returns the files written. */
export async function writeReport(report: Report, dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  const written: string[] = [];
  const write = async (name: string, data: string | Buffer) => {
    await writeFileAtomic(join(dir, name), data);
    written.push(join(dir, name));
  };
  const kind = reportKindOf(report.results);
  if (formats.includes('html')) await write('report.html', renderHtml(report.content));
  if (formats.includes('md')) {
    for (const chart of chartsIn(report.content)) {
      await write(`charts/${chart.file}.svg`, chart.svg);
      await write(`charts/${chart.file}.png`, svgToPng(chart.svg));
    }
    await write('report.md', renderMarkdown(report.content));
  }
  if (formats.includes('csv')) await write('report.csv', renderCsv(report.results.map((r) => ({ name: r.name, rows: kind.figureRows(r) }))));
  if (formats.includes('json')) {
    await writeJsonAtomic(join(dir, 'report.json'), reportJson(report));
    written.push(join(dir, 'report.json'));
  }
  return written;
}

/** summary.json, summary.csv and summary.md of one results directory. */
export async function writeSummary(results: LoadedResults): Promise<void> {
  const kind = reportKindOf([results]);
  await writeJsonAtomic(join(results.dir, 'summary.json'), kind.summaryFile(results));
  await writeFileAtomic(join(results.dir, 'summary.csv'), renderSummaryCsv(kind.figureRows(results)));
  const { content } = await buildReport([results], { charts: false });
  await writeFileAtomic(join(results.dir, 'summary.md'), renderMarkdown(content, { charts: false }));
}

/** What a run leaves in its results directory, complete or not: its summary and its report. */
export async function writeRunFiles(dir: string): Promise<{ report: Report; files: string[] }> {
  const results = loadResults(dir);
  await writeSummary(results);
  const report = await buildReport([results]);
  const files = await writeReport(report, results.dir, ['html', 'md']);
  return { report, files };
}
