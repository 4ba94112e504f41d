// A report of one or more results directories: the same tables and charts as HTML (one self-contained
// file: inline SVG, inline CSS, no network) and as Markdown (PNG charts beside it), plus CSV and JSON.
import { join } from 'node:path';
import Papa from 'papaparse';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import { environmentLines } from '../bench/run-experiment.js';
import { definitions } from './environment.js';
import { loadResults, type LoadedResults } from './load-results.js';
import { barChartSpec, barRows, renderSvg, sampleChartSpec, sampleRows, scalingChartSpec, scalingRows, splitChartSpec, splitRows, svgToPng } from './charts.js';
import { reproduceTable, type ReproducedWorkload } from './reproduce-tables.js';
import { summaryCsvColumns, summaryCsvRows } from './summary-files.js';
import { mainTable, renderMarkdownTable, resultNotes, splitTable, type TableData } from './tables.js';
import { thesisSetting } from './thesis.js';

export type ReportFormat = 'html' | 'md' | 'csv' | 'json';
export const reportFormats: readonly ReportFormat[] = ['html', 'md', 'csv', 'json'];

interface Chart {
  file: string;
  title: string;
  svg: string;
}

export interface ReportContent {
  title: string;
  results: LoadedResults[];
  charts: Chart[];
  thesis: (TableData & { title: string })[];
  warnings: string[];
}

export async function buildReportContent(results: LoadedResults[]): Promise<ReportContent> {
  const labels = [...new Set(results.map((r) => r.env.label))];
  const charts: Chart[] = [];
  const add = async (file: string, title: string, spec: Parameters<typeof renderSvg>[0] | null) => {
    if (spec !== null) charts.push({ file, title, svg: await renderSvg(spec) });
  };
  const runRows = barRows(results, 'run');
  await add('run-time', 'Container run time (create to exit): mean with 95% CI; green diamond: the thesis', runRows.length ? barChartSpec('Container run time', 's', runRows) : null);
  const buildRows = barRows(results, 'build');
  await add('build-time', 'Image build time (warm): mean with 95% CI; green diamond: the thesis', buildRows.length ? barChartSpec('Image build time (warm)', 's', buildRows) : null);
  const sizeRows = barRows(results, 'size');
  await add('image-size', 'Image size (content: compressed layers, config, manifest); green diamond: the thesis', sizeRows.length ? barChartSpec('Image size (content)', 'MB', sizeRows) : null);
  const split = splitRows(results);
  await add('run-split', 'Run time split: engine and runtime overhead vs the guest\'s own compute', split.length ? splitChartSpec(split) : null);
  const scaling = scalingRows(results);
  const sizeTitle = results[0]?.document.workload.algorithm === 'kmeans' ? 'observations per centroid' : 'rows';
  await add('scaling', 'Run time against the workload size', scaling.length ? scalingChartSpec(scaling, sizeTitle) : null);
  const samples = sampleRows(results);
  await add('samples', 'Every run-time sample', samples.length ? sampleChartSpec(samples) : null);

  const reproduced: ReproducedWorkload[] = results.flatMap((r) => (r.thesisColumn ? [{ column: r.thesisColumn, document: r.document }] : []));
  const thesis = reproduced.length ? (['build', 'size', 'run'] as const).map((metric) => reproduceTable(metric, reproduced)) : [];
  const warnings = results.flatMap((r) => [
    ...r.document.summary.warnings.map((w) => `${r.name}: ${w}`),
    ...(r.skippedLines.length ? [`${r.name}: ${r.skippedLines.length} incomplete line(s) of samples.jsonl skipped (line ${r.skippedLines.map((s) => s.line).join(', ')})`] : []),
    ...(r.document.complete ? [] : [`${r.name}: the run did not finish; figures cover the samples it measured`]),
  ]);
  return { title: `dockerwasm: ${labels.join(', ')}`, results, charts, thesis, warnings };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function htmlTable(table: TableData): string {
  const head = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const css = `body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.86rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#f3f3f3}figure{margin:1.2rem 0}figcaption{font-size:.85rem;color:#555}.warn{color:#8a4b00}
dl dt{font-weight:bold}dl dd{margin:0 0 .6rem 1rem}.incomplete{background:#fff3cd;padding:.4rem .6rem}`;

export function renderHtml(content: ReportContent): string {
  const parts = [`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.title)}</title><style>${css}</style></head><body>`];
  parts.push(`<h1>${escapeHtml(content.title)}</h1>`);
  parts.push('<p>Is a Wasm container better than a Linux container for this workload? Each figure below is defined under <a href="#method">Method</a>; the raw samples are in each results directory\'s <code>samples.jsonl</code>.</p>');
  for (const r of content.results) {
    parts.push(`<h2>Results: ${escapeHtml(r.env.label)} <small>(${escapeHtml(r.name)})</small></h2>`);
    if (!r.document.complete) parts.push('<p class="incomplete">This run did not finish: the figures cover the samples it measured.</p>');
    parts.push(htmlTable(mainTable(r.document.summary)));
    parts.push('<h3>Where the run time goes</h3>', htmlTable(splitTable(r.document.summary)));
    const lines = resultNotes(r.document.summary);
    if (lines.length) parts.push(`<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  }
  parts.push('<h2>Charts</h2>');
  for (const chart of content.charts) parts.push(`<figure id="chart-${chart.file}">${chart.svg}<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`);
  if (content.thesis.length) {
    parts.push(`<h2>Beside the thesis</h2><p>${escapeHtml(thesisSetting)}. Ours: this machine, means; sizes are content bytes.</p>`);
    for (const table of content.thesis) parts.push(`<h3>${escapeHtml(table.title)}</h3>`, htmlTable(table));
  }
  if (content.warnings.length) parts.push('<h2>Warnings</h2><ul>', ...content.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`), '</ul>');
  parts.push('<h2 id="method">Method</h2><dl>', ...Object.entries(definitions).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`), '</dl>');
  parts.push('<h2>Environment</h2>');
  for (const r of content.results) parts.push(`<h3>${escapeHtml(r.name)}</h3><ul>${environmentLines(r.env).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  parts.push('</body></html>');
  return parts.join('\n');
}

export function renderMarkdown(content: ReportContent, chartFolder = 'charts'): string {
  const lines = [`# ${content.title}`, ''];
  for (const r of content.results) {
    lines.push(`## Results: ${r.env.label} (${r.name})`, '');
    if (!r.document.complete) lines.push('**This run did not finish**: the figures cover the samples it measured.', '');
    lines.push(renderMarkdownTable(mainTable(r.document.summary)), '', '### Where the run time goes', '', renderMarkdownTable(splitTable(r.document.summary)), '');
    lines.push(...resultNotes(r.document.summary).map((l) => `- ${l}`), '');
  }
  lines.push('## Charts', '');
  for (const chart of content.charts) lines.push(`![${chart.title}](${chartFolder}/${chart.file}.png)`, '', `*${chart.title}*`, '');
  if (content.thesis.length) {
    lines.push('## Beside the thesis', '', `${thesisSetting}. Ours: this machine, means; sizes are content bytes.`, '');
    for (const table of content.thesis) lines.push(`### ${table.title}`, '', renderMarkdownTable(table), '');
  }
  if (content.warnings.length) lines.push('## Warnings', '', ...content.warnings.map((w) => `- ${w}`), '');
  lines.push('## Method', '', ...Object.entries(definitions).map(([k, v]) => `- **${k}**: ${v}`), '', '## Environment', '');
  for (const r of content.results) lines.push(`### ${r.name}`, '', ...environmentLines(r.env).map((l) => `- ${l}`), '');
  return lines.join('\n');
}

export function renderCsv(content: ReportContent): string {
  const rows = content.results.flatMap((r) => summaryCsvRows(r.document.summary).map((row) => [r.name, ...row]));
  return Papa.unparse({ fields: ['source', ...summaryCsvColumns], data: rows }, { newline: '\n' }) + '\n';
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
    await writeJsonAtomic(join(dir, 'report.json'), { title: content.title, results: content.results.map((r) => ({ dir: r.dir, env: r.env, summary: r.document })), thesis: content.thesis, warnings: content.warnings });
    written.push(join(dir, 'report.json'));
  }
  return written;
}

/** The report `compare` and `reproduce` leave in a results directory when they finish. */
export async function writeRunReport(dirs: string[], out: string): Promise<string[]> {
  return writeReport(await buildReportContent(dirs.map(loadResults)), out, ['html', 'md']);
}
