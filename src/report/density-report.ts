// A density run's report: one table of every (profile, concurrency) cell, the sentences that say where
// each profile saturates and what a container costs, and three charts (throughput against concurrency,
// latency per profile, memory per container). Written as summary.json, report.md and charts/ beside the
// samples; the same tables go to the terminal.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import { readDensityCells, readDensityEnvironment, type DensityEnvironment } from '../results/density-file.js';
import { renderSvg, seriesLabel, svgToPng } from './charts.js';
import { summariseDensity, type DensityRow, type DensitySummary } from './density-summary.js';
import { megabytes, seconds } from './format.js';
import { renderMarkdownTable, type TableData } from './tables.js';

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

export const densityCharts = { throughput: throughputChart, latency: latencyChart, memory: memoryChart };

export function renderDensityMarkdown(env: DensityEnvironment, summary: DensitySummary, chartFolder: string | null): string {
  const lines = [
    `# dockerwasm density: ${summary.label}${summary.complete ? '' : ' (INCOMPLETE: stopped early)'}`,
    '',
    `\`dockerwasm ${env.command.join(' ')}\` on ${env.host.cpus} CPUs (${env.host.cpuModel}), Docker ${String(env.engine.serverVersion ?? '?')}, ${env.createdAt}.`,
    '',
    renderMarkdownTable(densityTable(summary)),
    '',
    ...densityNotes(summary).map((n) => `- ${n}`),
    ...(env.warmups.length ? ['', `Warm-up containers, not counted: ${env.warmups.map((w) => `${w.variant} ${seconds(w.latencyMs)} s${w.outcome === 'ok' ? '' : ` (${w.outcome})`}`).join('; ')}.`] : []),
  ];
  if (summary.warnings.length > 0) lines.push('', '## Warnings', '', ...summary.warnings.map((w) => `- ${w}`));
  if (chartFolder !== null) lines.push('', '## Charts', '', ...Object.keys(densityCharts).map((name) => `![${name}](${chartFolder}/density-${name}.png)`));
  lines.push('', '## Method', '', `- Container memory and CPU time: ${env.accounting.cgroups}`, `- Engine processes: ${env.accounting.processes}`, ...Object.entries(env.definitions).map(([k, v]) => `- **${k}**: ${v}`), '');
  return lines.join('\n');
}

/** summary.json, report.md and the charts of a density directory, from its files; returns what it wrote. */
export async function writeDensityReport(dir: string, options: { charts: boolean } = { charts: true }): Promise<{ summary: DensitySummary; files: string[] }> {
  const env = readDensityEnvironment(dir);
  const { cells, skipped } = readDensityCells(dir);
  const summary = summariseDensity(env, cells);
  if (skipped > 0) summary.warnings.push(`${skipped} line(s) of samples.jsonl were not complete cells (a run killed mid-write) and are left out`);
  const files = [join(dir, 'summary.json'), join(dir, 'report.md')];
  await writeJsonAtomic(files[0]!, { kind: 'density', complete: summary.complete, summary });
  if (options.charts && cells.length > 0) {
    await mkdir(join(dir, 'charts'), { recursive: true });
    for (const [name, spec] of Object.entries(densityCharts)) {
      const svg = await renderSvg(spec(summary));
      await writeFileAtomic(join(dir, 'charts', `density-${name}.svg`), svg);
      await writeFileAtomic(join(dir, 'charts', `density-${name}.png`), svgToPng(svg));
      files.push(join(dir, 'charts', `density-${name}.png`));
    }
  }
  await writeFileAtomic(files[1]!, renderDensityMarkdown(env, summary, options.charts && cells.length > 0 ? 'charts' : null));
  return { summary, files };
}
