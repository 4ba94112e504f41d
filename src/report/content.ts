// What a report says, described once: a section per results directory (its tables, the sentences that
// explain them, its environment), the charts, the thesis's tables and every warning. Each format's
// renderer (terminal, Markdown, HTML, CSV, JSON) draws the same content.
import { barChartSpec, barRows, renderSvg, sampleChartSpec, sampleRows, scalingChartSpec, scalingRows, splitChartSpec, splitRows } from './charts.js';
import { environmentLines } from './environment-lines.js';
import type { LoadedResults } from './load-results.js';
import { reproduceTables, type ReproducedWorkload } from './reproduce-tables.js';
import { mainTable, resultNotes, splitTable, type TableData } from './tables.js';

export interface Chart {
  file: string;
  title: string;
  svg: string;
}

export type TitledTable = TableData & { title: string };

export interface ResultSection {
  source: LoadedResults;
  main: TableData;
  split: TableData;
  /** how each Wasm variant's difference splits into overhead and compute; what the program computed */
  notes: string[];
  environment: string[];
}

export interface ReportContent {
  title: string;
  sections: ResultSection[];
  charts: Chart[];
  /** Tables 16-18 of the thesis beside ours, for the results that reproduce one of its columns */
  thesis: TitledTable[];
  warnings: string[];
}

export function resultSection(source: LoadedResults): ResultSection {
  const { summary } = source.document;
  return { source, main: mainTable(summary), split: splitTable(summary), notes: resultNotes(summary), environment: environmentLines(source.env) };
}

/** Tables 16-18 with our figures beside the thesis's, when any of these results reproduces one of its columns. */
export function thesisTablesOf(results: LoadedResults[]): TitledTable[] {
  const reproduced: ReproducedWorkload[] = results.flatMap((r) => (r.thesisColumn ? [{ column: r.thesisColumn, document: r.document }] : []));
  return reproduced.length ? reproduceTables(reproduced) : [];
}

/** The content without charts (they take a renderer; the terminal and CSV need none). */
export function describeResults(results: LoadedResults[], charts: Chart[] = []): ReportContent {
  const labels = [...new Set(results.map((r) => r.env.label))];
  const warnings = results.flatMap((r) => [
    ...r.document.summary.warnings.map((w) => `${r.name}: ${w}`),
    ...(r.skippedLines.length ? [`${r.name}: ${r.skippedLines.length} incomplete line(s) of samples.jsonl skipped (line ${r.skippedLines.map((s) => s.line).join(', ')})`] : []),
    ...(r.document.complete ? [] : [`${r.name}: the run did not finish; figures cover the samples it measured`]),
  ]);
  return { title: `dockerwasm: ${labels.join(', ')}`, sections: results.map(resultSection), charts, thesis: thesisTablesOf(results), warnings };
}

export async function chartsOf(results: LoadedResults[]): Promise<Chart[]> {
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
  await add('run-split', "Run time split: engine and runtime overhead vs the guest's own compute", split.length ? splitChartSpec(split) : null);
  const scaling = scalingRows(results);
  const sizeTitle = results[0]?.document.workload.algorithm === 'kmeans' ? 'observations per centroid' : 'rows';
  await add('scaling', 'Run time against the workload size', scaling.length ? scalingChartSpec(scaling, sizeTitle) : null);
  const samples = sampleRows(results);
  await add('samples', 'Every run-time sample', samples.length ? sampleChartSpec(samples) : null);
  return charts;
}

export async function buildReportContent(results: LoadedResults[]): Promise<ReportContent> {
  return describeResults(results, await chartsOf(results));
}

