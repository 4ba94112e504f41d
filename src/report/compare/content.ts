// A compare report's content: a section per results directory (its tables and the sentences that explain
// them), the charts, the thesis's Tables 16-18 beside ours, every warning, the method and each directory's
// environment. Several directories of one workload (two machines, several sizes) go side by side.
import { definitions } from '../../results/definitions.js';
import { thesisSetting } from '../../thesis/figures.js';
import { scaleUnit, workloadLabel } from '../../workloads/workload.js';
import { barChartSpec, renderSvg } from '../charts.js';
import { skippedLinesWarning, type LoadedCompare } from '../load-results.js';
import type { Chart, ReportContent, Section } from '../model.js';
import type { CsvRow } from '../render-csv.js';
import { FigureRows } from '../render-csv.js';
import type { TitledTable } from '../table-data.js';
import { barRows, sampleChartSpec, sampleRows, scalingChartSpec, scalingRows, splitChartSpec, splitRows } from './charts.js';
import { environmentLines } from './environment-lines.js';
import { reproduceTables, type ReproducedWorkload } from './reproduce-tables.js';
import { mainTable, resultNotes, splitTable } from './tables.js';

/** Tables 16-18 with our figures beside the thesis's, when any of these results reproduces one of its columns. */
export function thesisTablesOf(results: LoadedCompare[]): TitledTable[] {
  const reproduced: ReproducedWorkload[] = results.flatMap((r) => (r.thesisColumn ? [{ column: r.thesisColumn, label: workloadLabel(r.document.workload), document: r.document }] : []));
  return reproduced.length ? reproduceTables(reproduced) : [];
}

export function compareWarnings(results: LoadedCompare[]): string[] {
  return results.flatMap((r) => [
    ...r.document.summary.warnings.map((w) => `${r.name}: ${w}`),
    ...skippedLinesWarning(r).map((w) => `${r.name}: ${w}`),
    ...(r.document.complete ? [] : [`${r.name}: the run did not finish; figures cover the samples it measured`]),
  ]);
}

function resultSection(r: LoadedCompare): Section {
  const { summary } = r.document;
  return {
    role: 'results',
    heading: `Results: ${r.env.label} (${r.name})`,
    blocks: [
      ...(r.document.complete ? [] : [{ kind: 'paragraph', text: '**This run did not finish**: the figures cover the samples it measured.', tone: 'incomplete' } as const]),
      { kind: 'table', table: mainTable(summary) },
      { kind: 'heading', text: 'Where the run time goes' },
      { kind: 'table', table: splitTable(summary) },
      { kind: 'list', items: resultNotes(summary) },
    ],
  };
}

export function describeCompare(results: LoadedCompare[], charts: Chart[]): ReportContent {
  const labels = [...new Set(results.map((r) => r.env.label))];
  const thesis = thesisTablesOf(results);
  const warnings = compareWarnings(results);
  const sections: Section[] = [
    ...results.map(resultSection),
    { role: 'charts', heading: 'Charts', blocks: charts.map((chart) => ({ kind: 'figures', figures: [{ chart, alt: chart.title, caption: chart.title }] })) },
  ];
  if (thesis.length) {
    sections.push({
      role: 'thesis',
      heading: 'Beside the thesis',
      blocks: [{ kind: 'paragraph', text: `${thesisSetting}. Ours: this machine, means; sizes are content bytes.` }, ...thesis.flatMap((t) => [{ kind: 'heading', text: t.title } as const, { kind: 'table', table: t } as const])],
    });
  }
  if (warnings.length) sections.push({ role: 'warnings', heading: 'Warnings', blocks: [{ kind: 'list', items: warnings, tone: 'warning' }] });
  sections.push({ role: 'method', heading: 'Method', id: 'method', blocks: [{ kind: 'list', items: Object.entries(definitions).map(([k, v]) => `**${k}**: ${v}`) }] });
  sections.push({ role: 'environment', heading: 'Environment', blocks: results.flatMap((r) => [{ kind: 'heading', text: r.name } as const, { kind: 'list', items: environmentLines(r.env, r.settings) } as const]) });
  return { title: `dockerwasm: ${labels.join(', ')}`, sections };
}

/** The caption's key to the thesis's figure, when a bar has one. */
const thesisMark = (rows: { thesis: number | null }[]) => (rows.some((row) => row.thesis !== null) ? '; green diamond: the thesis' : '');

export async function compareCharts(results: LoadedCompare[]): Promise<Chart[]> {
  const charts: Chart[] = [];
  const add = async (file: string, title: string, spec: Parameters<typeof renderSvg>[0] | null) => {
    if (spec !== null) charts.push({ file, title, svg: await renderSvg(spec) });
  };
  const runRows = barRows(results, 'run');
  await add('run-time', `Container run time (create to exit): mean with 95% CI${thesisMark(runRows)}`, runRows.length ? barChartSpec('Container run time', 's', runRows) : null);
  const buildRows = barRows(results, 'build');
  await add('build-time', `Image build time (warm): mean with 95% CI${thesisMark(buildRows)}`, buildRows.length ? barChartSpec('Image build time (warm)', 's', buildRows) : null);
  const sizeRows = barRows(results, 'size');
  await add('image-size', `Image size (content: compressed layers, config, manifest)${thesisMark(sizeRows)}`, sizeRows.length ? barChartSpec('Image size (content)', 'MB', sizeRows) : null);
  const split = splitRows(results);
  await add('run-split', "Run time split: engine and runtime overhead vs the guest's own compute", split.length ? splitChartSpec(split) : null);
  const scaling = scalingRows(results);
  const sizeTitle = results[0] ? (scaleUnit(results[0].document.workload) ?? 'size') : 'size';
  await add('scaling', 'Run time against the workload size', scaling.length ? scalingChartSpec(scaling, sizeTitle) : null);
  const samples = sampleRows(results);
  await add('samples', 'Every run-time sample', samples.length ? sampleChartSpec(samples) : null);
  return charts;
}

/** summary.csv's rows of one directory: every figure of every image and variant. */
export function compareFigureRows(r: LoadedCompare): CsvRow[] {
  const { summary } = r.document;
  const rows = new FigureRows();
  for (const image of summary.images) {
    rows.add(image.image, 'build', 'ms', image.build);
    rows.single(image.image, 'cold_build', 'ms', image.coldBuildMs);
    rows.single(image.image, 'content_size', 'bytes', image.contentBytes);
    rows.single(image.image, 'uncompressed_size', 'bytes', image.uncompressedBytes);
  }
  for (const v of summary.variants) {
    rows.add(v.name, 'run', 'ms', v.run);
    rows.add(v.name, 'create', 'ms', v.create);
    rows.add(v.name, 'start', 'ms', v.start);
    rows.add(v.name, 'exit_wait', 'ms', v.exitWait);
    rows.add(v.name, 'remove', 'ms', v.remove);
    rows.add(v.name, 'guest_compute', 'ms', v.compute);
    rows.add(v.name, 'overhead', 'ms', v.overhead);
    rows.add(v.name, 'peak_memory', 'bytes', v.peakMemoryBytes);
    rows.add(v.name, 'cpu', 'ms', v.cpu);
    rows.add(v.name, 'cpus_busy', 'cpu/run', v.parallelism);
  }
  return rows.rows;
}
