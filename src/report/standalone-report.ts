// The report of a standalone-runtimes run: a table per workload, the thesis's Tables 7-15 with our
// figures beside its own, a chart per table, the rankings side by side; report.md, summary.json and
// summary.csv, all derived from env.json and samples.jsonl.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import { readStandaloneEnvironment, readStandaloneSamples, type StandaloneEnvironment } from '../results/standalone-file.js';
import { thesisRuntimes, thesisStandalone, thesisStandaloneSetting, thesisStandaloneTables, type ThesisRuntime, type ThesisStandaloneColumn, type ThesisStandaloneMetric } from '../thesis/standalone-figures.js';
import { barChartSpec, renderSvg, svgToPng, type BarRow } from './charts.js';
import { intervalText, meanWithCi, ratio, seconds } from './format.js';
import { summariseStandalone, type StandaloneRow, type StandaloneSummary } from './standalone-summary.js';
import { renderMarkdownTable, type TableData } from './tables.js';

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

/** The thesis's column for a workload of ours, and what to say of the match. */
export function thesisColumnOf(workload: { algorithm: string; scale: number | null }): ThesisStandaloneColumn | null {
  if (workload.algorithm === 'linreg') return 'linreg';
  if (workload.algorithm === 'tree') return 'tree';
  if (workload.algorithm === 'kmeans' && [1_000, 10_000, 100_000, 1_000_000].includes(workload.scale ?? -1)) return `kmeans-${workload.scale}` as ThesisStandaloneColumn;
  return null;
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
  algorithm: 'kmeans' | 'linreg' | 'tree';
  metric: ThesisStandaloneMetric;
}

/** Tables 7-15 for the algorithms this run measured: every runtime's row, ours beside the thesis's. */
export function standaloneThesisTables(env: StandaloneEnvironment, summary: StandaloneSummary): ThesisTable[] {
  const tables: ThesisTable[] = [];
  for (const algorithm of ['kmeans', 'linreg', 'tree'] as const) {
    const workloads = summary.workloads.filter((w) => w.algorithm === algorithm);
    if (workloads.length === 0) continue;
    for (const metric of ['time', 'cpu', 'memory'] as const) {
      const columnName = (w: (typeof workloads)[number]) =>
        algorithm === 'linreg' ? 'linreg' : algorithm === 'kmeans' ? `${(w.scale ?? 0).toLocaleString('en-US')} obs` : `${(w.scale ?? 0).toLocaleString('en-US')} rows (thesis: 308,854)`;
      const head = ['runtime', ...workloads.flatMap((w) => [columnName(w), 'thesis'])];
      const runtimes = [...env.runtimes];
      runtimes.sort((a, b) => rank(a) - rank(b));
      const rows = runtimes.map((runtime) => [
        runtime.label,
        ...workloads.flatMap((w) => {
          const row = summary.rows.find((r) => r.workload === w.label && r.runtime === runtime.name);
          const ours = runtime.available ? cellOf(metric, row) || (summary.skipped.find((s) => s.runtime === runtime.name && s.workload === w.label) ? 'skipped' : '') : 'not available here';
          return [ours, thesisCell(metric, runtime.thesisRow, thesisColumnOf(w))];
        }),
      ]);
      const table = thesisStandaloneTables[algorithm][metric];
      tables.push({ title: `Table ${table}: ${algorithm === 'kmeans' ? 'K-Means' : algorithm === 'linreg' ? 'linear regression' : 'decision tree'} ${metricTitles[metric]}`, table, algorithm, metric, head, rows });
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
    const column = thesisColumnOf(w);
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
        const column = thesisColumnOf(w);
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

export function renderStandaloneMarkdown(env: StandaloneEnvironment, summary: StandaloneSummary, chartFolder: string | null): string {
  const lines = [
    `# dockerwasm runtimes: ${summary.label}${summary.complete ? '' : ' (INCOMPLETE: stopped early)'}`,
    '',
    `\`dockerwasm ${env.command.join(' ')}\` on ${env.host.cpus} CPUs (${env.host.cpuModel}), kernel ${env.host.kernel}, ${env.createdAt}. Guest: ${env.guest.rustc}${env.guest.dataset ? `; tree dataset: ${env.guest.dataset}` : ''}.`,
    '',
  ];
  for (const w of summary.workloads) {
    lines.push(`## ${w.label}`, '', renderMarkdownTable(standaloneTable(summary, w.label)), '');
    for (const row of summary.rows.filter((r) => r.workload === w.label && r.failed.length > 0)) {
      lines.push(`- ${row.label}: ${row.failed.map((f) => `${f.count} ${f.outcome}${f.firstError ? ` (${f.firstError})` : ''}`).join('; ')}`);
    }
    const warm = summary.rows.filter((r) => r.workload === w.label && r.warmupMs.length > 0);
    if (warm.length) lines.push(`- Warm-ups, not counted: ${warm.map((r) => `${r.label} ${r.warmupMs.map((ms) => seconds(ms)).join(', ')} s`).join('; ')}.`);
    lines.push('');
  }
  lines.push('## Beside the thesis', '', thesisStandaloneSetting + '.', '');
  for (const table of standaloneThesisTables(env, summary)) {
    lines.push(`### ${table.title}`, '', renderMarkdownTable(table), '');
    if (chartFolder !== null) lines.push(`![Table ${table.table}](${chartFolder}/table-${table.table}.png)`, '');
  }
  lines.push('### Rankings by mean time', '', ...rankingLines(summary).map((l) => `- ${l}`), '');
  lines.push('## Runtimes', '', renderMarkdownTable({
    head: ['runtime', 'kind', 'version', 'source', 'available'],
    rows: env.runtimes.map((r) => [r.label, r.kind, r.version ?? '-', r.source ?? '-', r.available ? 'yes' : `no: ${r.reason}`]),
  }), '');
  for (const r of env.runtimes.filter((r) => r.untraced)) lines.push(`${r.label}: VmPeak not read. ${r.untraced}.`, '');
  if (summary.skipped.length) lines.push('Cells not run: ' + summary.skipped.map((s) => `${s.runtime} on ${s.workload} (${s.reason})`).join('; ') + '.', '');
  lines.push('Modules: ' + env.modules.map((m) => `${m.workload} ${m.module} ${m.bytes.toLocaleString('en-US')} B (${m.compiler}${m.compileMs !== null ? `, compiled in ${seconds(m.compileMs)} s` : ''})`).join('; ') + '.', '');
  if (summary.warnings.length) lines.push('## Warnings', '', ...summary.warnings.map((w) => `- ${w}`), '');
  lines.push('## Method', '', `- Meter: ${env.meter}`, ...Object.entries(env.definitions).map(([k, v]) => `- **${k}**: ${v}`), '');
  return lines.join('\n');
}

export function standaloneCsv(summary: StandaloneSummary): string {
  return Papa.unparse(
    summary.rows.map((r) => ({
      workload: r.workload,
      runtime: r.runtime,
      n: r.n,
      failed: r.failed.reduce((a, f) => a + f.count, 0),
      time_mean_s: r.time ? r.time.mean / 1000 : null,
      time_sd_s: r.time?.sd != null ? r.time.sd / 1000 : null,
      time_ci95_low_s: r.time?.ci95 ? r.time.ci95[0] / 1000 : null,
      time_ci95_high_s: r.time?.ci95 ? r.time.ci95[1] / 1000 : null,
      time_median_s: r.time ? r.time.median / 1000 : null,
      compute_mean_s: r.compute ? r.compute.mean / 1000 : null,
      cpu_percent: r.cpuPercent?.mean ?? null,
      cpu_share_percent: r.cpuSharePercent,
      peak_rss_mean_bytes: r.peakRss?.mean ?? null,
      vm_peak_mean_bytes: r.vmPeakBytes,
      compile_s: r.compileMs === null ? null : r.compileMs / 1000,
      vs_native_ratio: r.vsNative?.ratio ?? null,
    })),
  );
}

/** summary.json, summary.csv, report.md and the charts of a standalone directory, from its files. */
export async function writeStandaloneReport(dir: string, options: { charts: boolean } = { charts: true }): Promise<{ summary: StandaloneSummary; files: string[] }> {
  const env = readStandaloneEnvironment(dir);
  const { samples, skipped } = readStandaloneSamples(dir);
  const summary = summariseStandalone(env, samples);
  if (skipped > 0) summary.warnings.push(`${skipped} line(s) of samples.jsonl were not complete records (a run killed mid-write) and are left out`);
  const files = [join(dir, 'summary.json'), join(dir, 'summary.csv'), join(dir, 'report.md')];
  await writeJsonAtomic(files[0]!, { kind: 'standalone', complete: summary.complete, summary });
  await writeFileAtomic(files[1]!, standaloneCsv(summary) + '\n');
  const charts = options.charts && summary.rows.some((r) => r.n > 0);
  if (charts) {
    await mkdir(join(dir, 'charts'), { recursive: true });
    for (const table of standaloneThesisTables(env, summary)) {
      const svg = await renderSvg(chartOf(table, env, summary));
      await writeFileAtomic(join(dir, 'charts', `table-${table.table}.svg`), svg);
      await writeFileAtomic(join(dir, 'charts', `table-${table.table}.png`), svgToPng(svg));
      files.push(join(dir, 'charts', `table-${table.table}.png`));
    }
  }
  await writeFileAtomic(files[2]!, renderStandaloneMarkdown(env, summary, charts ? 'charts' : null));
  return { summary, files };
}
