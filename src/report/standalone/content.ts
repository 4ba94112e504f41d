// A standalone-runtimes run's report content: a table per workload, the thesis's Tables 7-15 with our
// figures beside its own, a chart per table, the rankings side by side, the runtimes and modules.
import type { TopLevelSpec } from 'vega-lite';
import type { StandaloneEnvironment } from '../../results/environment.js';
import type { StandaloneRow, StandaloneSummary } from '../../results/summaries.js';
import {
  standaloneThesisColumn,
  thesisRuntimes,
  thesisStandalone,
  thesisStandaloneAlgorithms,
  thesisStandaloneSetting,
  type ThesisRuntime,
  type ThesisStandaloneColumn,
  type ThesisStandaloneMetric,
} from '../../thesis/standalone-figures.js';
import { barChartSpec, renderSvg, type BarRow } from '../charts.js';
import { cacheText, intervalText, meanWithCi, ratio, seconds } from '../format.js';
import { skippedLinesWarning, type LoadedStandalone } from '../load-results.js';
import type { Block, Chart, ReportContent, Section } from '../model.js';
import { FigureRows, type CsvRow } from '../render-csv.js';
import type { TableData } from '../table-data.js';

const mb = (bytes: number | null | undefined, digits = 1) => (bytes == null ? '-' : (bytes / 1e6).toFixed(digits));
const percent = (value: number | null | undefined, digits = 0) => (value == null ? '-' : `${value.toFixed(digits)}%`);
const failedText = (row: StandaloneRow) => (row.failed.length === 0 ? '' : row.failed.map((f) => `${f.count} ${f.outcome}`).join(', '));

/** One workload: every runtime that ran it. */
export function standaloneTable(summary: StandaloneSummary, workload: string): TableData {
  const rows = summary.rows.filter((r) => r.workload === workload);
  return {
    head: ['runtime', 'n', 'time (s)', 'vs native', 'CPU %', `share of ${summary.cpus} CPUs`, 'peak RSS (MB)', 'VmPeak (MB)', 'compile (s)', 'failed'],
    rows: rows.map((r) => [
      r.label,
      String(r.n),
      meanWithCi(r.time, 4),
      r.vsNative ? `${ratio(r.vsNative.ratio)} ${intervalText(r.vsNative.ratioCi95, (x) => x.toFixed(2))}` : r.runtime === 'native' ? 'baseline' : '-',
      percent(r.cpuPercent?.mean),
      percent(r.cpuSharePercent, 1),
      mb(r.peakRss?.mean),
      mb(r.vmPeakBytes, 0),
      r.compileMs === null ? '' : seconds(r.compileMs),
      failedText(r),
    ]),
  };
}

const metricTitles: Record<ThesisStandaloneMetric, string> = {
  time: 'processing time (s): ours (mean ± 95% CI) | thesis (mean)',
  cpu: 'CPU usage, share of all CPUs (%): ours | thesis',
  memory: "memory (MB): our peak RSS | the thesis's virtual memory size (Windows committed memory, not the same figure)",
};

function cellOf(metric: ThesisStandaloneMetric, row: StandaloneRow | undefined): string {
  if (!row || row.n === 0) return row ? `failed (${failedText(row)})` : '';
  if (metric === 'time') return meanWithCi(row.time, 4);
  if (metric === 'cpu') return percent(row.cpuSharePercent, 2);
  return row.peakRss ? (row.peakRss.mean / 1e6).toFixed(1) : '-';
}

function thesisCell(metric: ThesisStandaloneMetric, thesisRow: string | null, column: ThesisStandaloneColumn | null): string {
  if (!thesisRow || !column) return '';
  const value = thesisStandalone[metric][thesisRow as ThesisRuntime]?.[column];
  return value === undefined ? '' : metric === 'cpu' ? `${value.toFixed(4)}%` : value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export interface ThesisTable extends TableData {
  title: string;
  table: number;
  algorithm: string;
  metric: ThesisStandaloneMetric;
}

/** Tables 7-15 for the algorithms this run measured: every runtime's row, ours beside the thesis's. */
export function standaloneThesisTables(env: StandaloneEnvironment, summary: StandaloneSummary): ThesisTable[] {
  const tables: ThesisTable[] = [];
  for (const thesis of thesisStandaloneAlgorithms) {
    const workloads = summary.workloads.filter((w) => w.algorithm === thesis.algorithm);
    if (workloads.length === 0) continue;
    for (const metric of ['time', 'cpu', 'memory'] as const) {
      const head = ['runtime', ...workloads.flatMap((w) => [thesis.columnHead(w.scale), 'thesis'])];
      const runtimes = [...env.runtimes];
      runtimes.sort((a, b) => rank(a) - rank(b));
      const rows = runtimes.map((runtime) => [
        runtime.label,
        ...workloads.flatMap((w) => {
          const row = summary.rows.find((r) => r.workload === w.label && r.runtime === runtime.name);
          const ours = runtime.available ? cellOf(metric, row) || (summary.skipped.find((s) => s.runtime === runtime.name && s.workload === w.label) ? 'skipped' : '') : 'not available here';
          return [ours, thesisCell(metric, runtime.thesisRow, standaloneThesisColumn(w))];
        }),
      ]);
      const table = thesis.tables[metric];
      tables.push({ title: `Table ${table}: ${thesis.title} ${metricTitles[metric]}`, table, algorithm: thesis.algorithm, metric, head, rows });
    }
  }
  return tables;
}

/** native first, then the thesis's rows in its order, then ours */
const rank = (runtime: { name: string; thesisRow: string | null }) =>
  runtime.name === 'native' ? -1 : runtime.thesisRow === null ? 100 : thesisRuntimes.indexOf(runtime.thesisRow as ThesisRuntime);

/** Per workload: the runtimes by mean time, ours and the thesis's (its rows only). */
export function rankingLines(summary: StandaloneSummary): string[] {
  return summary.workloads.flatMap((w) => {
    const ours = summary.rows.filter((r) => r.workload === w.label && r.n > 0 && r.time).sort((a, b) => a.time!.mean - b.time!.mean);
    const column = standaloneThesisColumn(w);
    if (ours.length === 0) return [];
    const line = `${w.label}, ours: ${ours.map((r) => `${r.label} ${seconds(r.time!.mean)}`).join(' < ')}`;
    if (!column) return [line];
    const thesis = [...thesisRuntimes].sort((a, b) => thesisStandalone.time[a][column] - thesisStandalone.time[b][column]);
    return [line, `${w.label}, thesis: ${thesis.map((t) => `${t} ${thesisStandalone.time[t][column]}`).join(' < ')}`];
  });
}

function chartOf(table: ThesisTable, env: StandaloneEnvironment, summary: StandaloneSummary): TopLevelSpec {
  const workloads = summary.workloads.filter((w) => w.algorithm === table.algorithm);
  const rows: BarRow[] = workloads.flatMap((w) =>
    summary.rows
      .filter((r) => r.workload === w.label && r.n > 0)
      .flatMap((r) => {
        const column = standaloneThesisColumn(w);
        const thesis = r.thesisRow && column ? thesisStandalone[table.metric][r.thesisRow as ThesisRuntime][column] : null;
        const value = table.metric === 'time' ? r.time!.mean / 1000 : table.metric === 'cpu' ? r.cpuSharePercent : r.peakRss ? r.peakRss.mean / 1e6 : null;
        if (value === null || value === undefined) return [];
        const ci = table.metric === 'time' && r.time?.ci95 ? r.time.ci95 : null;
        return [{ group: w.label, bar: r.label, kind: r.kind === 'native' ? 'native' : 'wasm', value, low: ci ? ci[0] / 1000 : null, high: ci ? ci[1] / 1000 : null, thesis } as BarRow];
      }),
  );
  const unit = table.metric === 'time' ? 'seconds (thesis: green diamond)' : table.metric === 'cpu' ? `% of all ${env.host.cpus} CPUs (thesis: of 8)` : 'MB: peak RSS (thesis: committed memory)';
  return barChartSpec(`Table ${table.table}, measured here`, unit, rows, { native: 'native binary', wasm: 'Wasm runtime' });
}


export function describeStandalone(r: LoadedStandalone, charts: Chart[]): ReportContent {
  const { env, summary } = r;
  const chartOfTable = (table: number) => charts.find((c) => c.file === `table-${table}`);
  const sections: Section[] = [
    {
      role: 'results',
      blocks: [
        {
          kind: 'paragraph',
          text: `\`dockerwasm ${env.command.join(' ')}\` on ${env.host.cpus} CPUs (${env.host.cpuModel}${cacheText(env.host.caches)}), kernel ${env.host.kernel}, ${env.createdAt}. Guest: ${env.guest.toolchain ?? env.guest.rustc}${env.guest.dataset ? `; tree dataset: ${env.guest.dataset}` : ''}.`,
        },
      ],
    },
    ...summary.workloads.map((w): Section => {
      const failures = summary.rows.filter((row) => row.workload === w.label && row.failed.length > 0).map((row) => `${row.label}: ${row.failed.map((f) => `${f.count} ${f.outcome}${f.firstError ? ` (${f.firstError})` : ''}`).join('; ')}`);
      const warm = summary.rows.filter((row) => row.workload === w.label && row.warmupMs.length > 0);
      const warmups = warm.length ? [`Warm-ups, not counted: ${warm.map((row) => `${row.label} ${row.warmupMs.map((ms) => seconds(ms)).join(', ')} s`).join('; ')}.`] : [];
      return { role: 'results', heading: w.label, blocks: [{ kind: 'table', table: standaloneTable(summary, w.label) }, { kind: 'list', items: [...failures, ...warmups] }] };
    }),
    {
      role: 'thesis',
      heading: 'Beside the thesis',
      blocks: [
        { kind: 'paragraph', text: `${thesisStandaloneSetting}.` },
        ...standaloneThesisTables(env, summary).flatMap((table): Block[] => {
          const chart = chartOfTable(table.table);
          return [{ kind: 'heading', text: table.title }, { kind: 'table', table }, ...(chart ? [{ kind: 'figures', figures: [{ chart, alt: `Table ${table.table}` }] } satisfies Block] : [])];
        }),
      ],
    },
    // in the thesis's section, and on a terminal too
    { role: 'results', blocks: [{ kind: 'heading', text: 'Rankings by mean time' }, { kind: 'list', items: rankingLines(summary) }] },
    {
      role: 'notes',
      heading: 'Runtimes',
      blocks: [
        { kind: 'table', table: { head: ['runtime', 'kind', 'version', 'source', 'available'], rows: env.runtimes.map((rt) => [rt.label, rt.kind, rt.version ?? '-', rt.source ?? '-', rt.available ? 'yes' : `no: ${rt.reason}`]) } },
        ...env.runtimes.filter((rt) => rt.untraced).map((rt) => ({ kind: 'paragraph', text: `${rt.label}: VmPeak not read. ${rt.untraced}.` }) as const),
        ...(summary.skipped.length ? [{ kind: 'paragraph', text: 'Cells not run: ' + summary.skipped.map((s) => `${s.runtime} on ${s.workload} (${s.reason})`).join('; ') + '.' } as const] : []),
        { kind: 'paragraph', text: 'Modules: ' + env.modules.map((m) => `${m.workload} ${m.module} ${m.bytes.toLocaleString('en-US')} B (${m.compiler}${m.compileMs !== null ? `, compiled in ${seconds(m.compileMs)} s` : ''})`).join('; ') + '.' },
      ],
    },
  ];
  const warnings = [...summary.warnings, ...skippedLinesWarning(r)];
  if (warnings.length) sections.push({ role: 'warnings', heading: 'Warnings', blocks: [{ kind: 'list', items: warnings, tone: 'warning' }] });
  sections.push({ role: 'method', heading: 'Method', id: 'method', blocks: [{ kind: 'list', items: [`Meter: ${env.meter}`, ...Object.entries(env.definitions).map(([k, v]) => `**${k}**: ${v}`)] }] });
  return { title: `dockerwasm runtimes: ${summary.label}${summary.complete ? '' : ' (INCOMPLETE: stopped early)'}`, sections };
}

export async function standaloneCharts(r: LoadedStandalone): Promise<Chart[]> {
  if (!r.summary.rows.some((row) => row.n > 0)) return [];
  const charts: Chart[] = [];
  for (const table of standaloneThesisTables(r.env, r.summary)) {
    charts.push({ file: `table-${table.table}`, title: table.title, svg: await renderSvg(chartOf(table, r.env, r.summary)) });
  }
  return charts;
}

/** summary.csv's rows: every figure of every (workload, runtime) cell. */
export function standaloneFigureRows(r: LoadedStandalone): CsvRow[] {
  const rows = new FigureRows();
  for (const row of r.summary.rows) {
    const subject = `${row.workload} ${row.runtime}`;
    rows.add(subject, 'time', 'ms', row.time);
    rows.add(subject, 'guest_compute', 'ms', row.compute);
    rows.add(subject, 'cpu', '%', row.cpuPercent);
    rows.single(subject, 'cpu_share', '% of all CPUs', row.cpuSharePercent);
    rows.add(subject, 'peak_rss', 'bytes', row.peakRss);
    rows.single(subject, 'vm_peak', 'bytes', row.vmPeakBytes);
    rows.single(subject, 'compile', 'ms', row.compileMs);
    rows.single(subject, 'vs_native', 'ratio', row.vsNative?.ratio ?? null);
    rows.single(subject, 'failed', 'samples', row.failed.reduce((a, f) => a + f.count, 0));
  }
  return rows.rows;
}
