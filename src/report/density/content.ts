// A density run's report content: one table of every (profile, concurrency) cell, the sentences that say
// where each profile saturates and what a container costs, and three charts (throughput against
// concurrency, latency per profile, memory per container).
import type { TopLevelSpec } from 'vega-lite';
import { containerVerdict } from '../../results/density-records.js';
import type { DensityRow, DensitySummary } from '../../results/summaries.js';
import { renderSvg, seriesLabel } from '../charts.js';
import { cacheText, megabytes, seconds } from '../format.js';
import { skippedLinesWarning, type LoadedDensity } from '../load-results.js';
import type { Chart, ReportContent, Section } from '../model.js';
import { FigureRows, type CsvRow } from '../render-csv.js';
import type { TableData } from '../table-data.js';
import { densityReference } from './summarise.js';

const config = { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', axis: { labelLimit: 320 }, legend: { labelLimit: 320 }, title: { anchor: 'start' as const } };

const rowLabel = (row: Pick<DensityRow, 'variant' | 'kind'>) => seriesLabel(row.variant, row.kind);
const perSecond = (value: number | null | undefined) => (value == null ? '-' : value.toFixed(2));
const percent = (value: number | null) => (value === null ? '-' : `${value.toFixed(0)}%`);

export function densityTable(summary: DensitySummary): TableData {
  return {
    head: ['variant', 'concurrency', 'containers/s [95% CI]', 'first output p50 s', 'p50 s', 'p95 s', 'p99 s', 'max s', 'container MB', 'shim MB', 'dockerd + containerd growth MB', 'host CPU', 'host CPU s / container', 'container CPU s', 'ok / failed'],
    rows: summary.rows.map((r) => [
      rowLabel(r),
      String(r.concurrency),
      r.throughput ? `${perSecond(r.throughput.mean)}${r.throughput.ci95 ? ` [${perSecond(r.throughput.ci95[0])}, ${perSecond(r.throughput.ci95[1])}]` : ''}` : '-',
      seconds(r.firstOutputP50Ms),
      seconds(r.latencyMs?.p50),
      seconds(r.latencyMs?.p95),
      seconds(r.latencyMs?.p99),
      seconds(r.latencyMs?.max),
      megabytes(r.containerBytes, 1),
      megabytes(r.shimBytes, 1),
      megabytes(r.engineGrowthBytes, 1),
      percent(r.hostCpuPercent),
      seconds(r.hostCpuMsPerContainer),
      seconds(r.cpuMs),
      `${r.completed} / ${r.failed}`,
    ]),
  };
}

/** Where each profile saturates, and how each Wasm profile compares with Linux at that point. */
export function densityNotes(summary: DensitySummary): string[] {
  const notes = summary.saturation.map((s) => {
    const row = summary.rows.find((r) => r.variant === s.variant && r.concurrency === s.concurrency)!;
    const cost = [row.containerBytes !== null ? `${megabytes(row.containerBytes, 1)} MB in its cgroup` : null, row.shimBytes !== null ? `${megabytes(row.shimBytes, 1)} MB of shim` : null]
      .filter(Boolean)
      .join(' and ');
    const cpu =
      row.hostCpuMsPerContainer !== null && row.cpuMs !== null
        ? `; the host spent ${seconds(row.hostCpuMsPerContainer)} CPU s per container, of which ${seconds(row.cpuMs)} s in the container's own cgroup`
        : '';
    return `${s.variant}: highest throughput ${perSecond(s.throughput)} containers/s at concurrency ${s.concurrency} (host CPU ${percent(row.hostCpuPercent)})${cost ? `; a container there costs ${cost}` : ''}${cpu}.`;
  });
  const linux = summary.saturation.find((s) => s.variant === 'runc');
  if (linux) {
    for (const s of summary.saturation) {
      if (s.variant === 'runc') continue;
      notes.push(`${s.variant} at its best: ${(s.throughput / linux.throughput).toFixed(2)}x Linux's best throughput.`);
    }
  }
  return notes;
}

function throughputChart(summary: DensitySummary): TopLevelSpec {
  const values = summary.rows.flatMap((r) => (r.throughput ? [{ series: rowLabel(r), concurrency: r.concurrency, mean: r.throughput.mean, low: r.throughput.ci95?.[0] ?? null, high: r.throughput.ci95?.[1] ?? null }] : []));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config,
    title: `Throughput against concurrency (${summary.label}, ${summary.containers} containers a cell, 95% CI over the rounds)`,
    data: { values },
    width: 520,
    height: 300,
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x: { field: 'concurrency', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { values: [...new Set(values.map((v) => v.concurrency))] }, title: 'containers alive at once' }, y: { field: 'mean', type: 'quantitative', title: 'completed containers / s' }, color: { field: 'series', type: 'nominal', legend: { title: null, orient: 'bottom', columns: 2 } } } },
      { mark: 'rule', transform: [{ filter: 'datum.low != null' }], encoding: { x: { field: 'concurrency', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'series', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}

/** One panel per concurrency level (`concurrency` field of each value), stacked, sharing the x scale. */
function byConcurrency(title: string, values: object[], spec: object): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config,
    title,
    data: { values },
    facet: { row: { field: 'concurrency', type: 'nominal', title: null, header: { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start' } } },
    spec: { width: 520, ...spec },
  } as TopLevelSpec;
}

function latencyChart(summary: DensitySummary): TopLevelSpec {
  const values = summary.rows.flatMap((r) =>
    r.latencyMs ? (['p50', 'p95', 'p99', 'max'] as const).map((q) => ({ series: rowLabel(r), concurrency: `concurrency ${r.concurrency}`, quantile: q, seconds: r.latencyMs![q] / 1000 })) : [],
  );
  return byConcurrency('Latency, create to exit (pooled over the rounds)', values, {
    mark: 'bar',
    encoding: {
      y: { field: 'series', type: 'nominal', title: null, axis: { labelLimit: 320 } },
      yOffset: { field: 'quantile', sort: ['p50', 'p95', 'p99', 'max'] },
      x: { field: 'seconds', type: 'quantitative', title: 'seconds' },
      color: { field: 'quantile', type: 'nominal', sort: ['p50', 'p95', 'p99', 'max'], legend: { title: null, orient: 'bottom' } },
    },
  });
}

function memoryChart(summary: DensitySummary): TopLevelSpec {
  const values = summary.rows.flatMap((r) => [
    ...(r.containerBytes !== null ? [{ series: rowLabel(r), concurrency: `concurrency ${r.concurrency}`, part: 'container cgroup', mb: r.containerBytes / 1e6 }] : []),
    ...(r.shimBytes !== null ? [{ series: rowLabel(r), concurrency: `concurrency ${r.concurrency}`, part: 'shim (PSS)', mb: r.shimBytes / 1e6 }] : []),
  ]);
  return byConcurrency('Memory per live container (means of 100 ms readings)', values, {
    mark: 'bar',
    encoding: { y: { field: 'series', type: 'nominal', title: null, axis: { labelLimit: 320 } }, x: { field: 'mb', type: 'quantitative', stack: 'zero', title: 'MB' }, color: { field: 'part', type: 'nominal', legend: { title: null, orient: 'bottom' } } },
  });
}


/** How each warm-up ended: "" when it printed what the baseline did, else its verdict. */
function warmupVerdict(r: LoadedDensity, warmup: LoadedDensity['env']['warmups'][number]): string {
  if (warmup.output === undefined) return warmup.outcome === 'ok' ? '' : warmup.outcome;
  const verdict = containerVerdict({ outcome: warmup.outcome as 'ok', digest: warmup.digest ?? null, output: warmup.output }, densityReference(r.env));
  return verdict === 'ok' ? '' : verdict === 'no-result' || verdict === 'digest-mismatch' ? 'wrong output' : verdict;
}

export function describeDensity(r: LoadedDensity, charts: Chart[]): ReportContent {
  const { env, summary } = r;
  const warmups = env.warmups.map((w) => `${w.variant} ${seconds(w.latencyMs)} s${warmupVerdict(r, w) ? ` (${warmupVerdict(r, w)})` : ''}`);
  const warnings = [...summary.warnings, ...skippedLinesWarning(r)];
  const sections: Section[] = [
    {
      role: 'results',
      blocks: [
        { kind: 'paragraph', text: `\`dockerwasm ${env.command.join(' ')}\` on ${env.host.cpus} CPUs (${env.host.cpuModel}${cacheText(env.host.caches)}), Docker ${String(env.engine.serverVersion ?? '?')}, ${env.createdAt}.` },
        { kind: 'table', table: densityTable(summary) },
        { kind: 'list', items: densityNotes(summary) },
        ...(warmups.length ? [{ kind: 'paragraph', text: `Warm-up containers, not counted: ${warmups.join('; ')}.` } as const] : []),
      ],
    },
  ];
  if (warnings.length > 0) sections.push({ role: 'warnings', heading: 'Warnings', blocks: [{ kind: 'list', items: warnings, tone: 'warning' }] });
  if (charts.length > 0) sections.push({ role: 'charts', heading: 'Charts', blocks: [{ kind: 'figures', figures: charts.map((chart) => ({ chart, alt: chart.file.replace(/^density-/, '') })) }] });
  sections.push({
    role: 'method',
    heading: 'Method',
    id: 'method',
    blocks: [{ kind: 'list', items: [`Container memory and CPU time: ${env.accounting.cgroups}`, `Engine processes: ${env.accounting.processes}`, ...Object.entries(env.definitions).map(([k, v]) => `**${k}**: ${v}`)] }],
  });
  return { title: `dockerwasm density: ${summary.label}${summary.complete ? '' : ' (INCOMPLETE: stopped early)'}`, sections };
}

export async function densityCharts(r: LoadedDensity): Promise<Chart[]> {
  if (r.records.length === 0) return [];
  const specs = { throughput: throughputChart, latency: latencyChart, memory: memoryChart };
  const charts: Chart[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const made = spec(r.summary);
    charts.push({ file: `density-${name}`, title: String((made as { title?: unknown }).title ?? name), svg: await renderSvg(made) });
  }
  return charts;
}

/** summary.csv's rows: every figure of every (profile, concurrency) cell. */
export function densityFigureRows(r: LoadedDensity): CsvRow[] {
  const rows = new FigureRows();
  for (const row of r.summary.rows) {
    const subject = `${row.variant} c${row.concurrency}`;
    rows.add(subject, 'throughput', 'containers/s', row.throughput);
    rows.single(subject, 'latency_p50', 'ms', row.latencyMs?.p50 ?? null);
    rows.single(subject, 'latency_p95', 'ms', row.latencyMs?.p95 ?? null);
    rows.single(subject, 'latency_p99', 'ms', row.latencyMs?.p99 ?? null);
    rows.single(subject, 'latency_max', 'ms', row.latencyMs?.max ?? null);
    rows.single(subject, 'first_output_p50', 'ms', row.firstOutputP50Ms);
    rows.single(subject, 'container_memory', 'bytes', row.containerBytes);
    rows.single(subject, 'shim_memory', 'bytes', row.shimBytes);
    rows.single(subject, 'engine_growth', 'bytes', row.engineGrowthBytes);
    rows.single(subject, 'host_cpu', '%', row.hostCpuPercent);
    rows.single(subject, 'host_cpu_per_container', 'ms', row.hostCpuMsPerContainer);
    rows.single(subject, 'container_cpu', 'ms', row.cpuMs);
    rows.single(subject, 'completed', 'containers', row.completed);
    rows.single(subject, 'failed', 'containers', row.failed);
  }
  return rows.rows;
}
