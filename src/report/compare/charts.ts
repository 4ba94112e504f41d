// The charts of a compare report, made by pure functions from its summaries: run time, build time and
// image size per variant, where the run time goes, every sample, and run time against the workload's size.
import type { TopLevelSpec } from 'vega-lite';
import { thesisTables } from '../../thesis/figures.js';
import { workloadScale } from '../../workloads/workload.js';
import { chartConfig, facetedChart, seriesLabel, type BarRow } from '../charts.js';
import type { LoadedCompare } from '../load-results.js';

const groupOf = (r: LoadedCompare, many: boolean) => (many ? `${r.env.label} · ${r.name}` : r.env.label);

/** Bars of one metric per variant (run) or per image (build, size), with their 95% CI and the thesis's figure. */
export function barRows(results: LoadedCompare[], metric: 'run' | 'build' | 'size'): BarRow[] {
  const many = results.length > 1;
  return results.flatMap((r) => {
    const thesis = r.thesisColumn ? thesisTables[metric].figures[r.thesisColumn] : null;
    const { summary } = r.document;
    if (metric === 'run') {
      return summary.variants.flatMap((v) =>
        v.run
          ? [{
              group: groupOf(r, many),
              bar: seriesLabel(v.name, v.kind),
              kind: v.kind,
              value: v.run.mean / 1000,
              low: v.run.ci95 ? v.run.ci95[0] / 1000 : null,
              high: v.run.ci95 ? v.run.ci95[1] / 1000 : null,
              thesis: thesis ? (v.kind === 'native' ? thesis.docker : thesis.wasm) : null,
            }]
          : [],
      );
    }
    return summary.images.flatMap((image) => {
      const users = summary.variants.filter((v) => v.image === image.image);
      const kind = image.image === 'linux' ? 'native' : 'wasm';
      const bar = kind === 'native' ? 'Linux image' : `Wasm image ${image.image} (${users.map((u) => u.name).join(', ')})`;
      const base = { group: groupOf(r, many), bar, kind, thesis: thesis ? (kind === 'native' ? thesis.docker : thesis.wasm) : null } as const;
      if (metric === 'size') return image.contentBytes == null ? [] : [{ ...base, value: image.contentBytes / 1e6, low: null, high: null }];
      return image.build ? [{ ...base, value: image.build.mean / 1000, low: image.build.ci95 ? image.build.ci95[0] / 1000 : null, high: image.build.ci95 ? image.build.ci95[1] / 1000 : null }] : [];
    });
  });
}

export interface SplitRow {
  group: string;
  bar: string;
  segment: string;
  order: number;
  seconds: number;
}

export const splitSegments = ['create', 'start', 'runtime, load & exit', 'guest compute'] as const;

/** Where the run time goes: create, start, the rest of the wait (runtime start, module load/compile, exit), compute. */
export function splitRows(results: LoadedCompare[]): SplitRow[] {
  const many = results.length > 1;
  return results.flatMap((r) =>
    r.document.summary.variants.flatMap((v) => {
      if (!v.create || !v.start || !v.exitWait || !v.compute) return [];
      const values = [v.create.mean, v.start.mean, Math.max(0, v.exitWait.mean - v.compute.mean), v.compute.mean];
      return splitSegments.map((segment, order) => ({ group: groupOf(r, many), bar: seriesLabel(v.name, v.kind), segment, order, seconds: values[order]! / 1000 }));
    }),
  );
}

export function splitChartSpec(rows: SplitRow[]): TopLevelSpec {
  return facetedChart('Where the run time goes (means)', rows, {
      width: 460,
      height: { step: 26 },
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: {
        y: { field: 'bar', type: 'nominal', title: null, sort: null, axis: { labelLimit: 440 } },
        x: { field: 'seconds', type: 'quantitative', stack: 'zero', title: 's' },
        color: { field: 'segment', type: 'nominal', sort: [...splitSegments], scale: { domain: [...splitSegments], range: ['#bab0ac', '#9d755d', '#e45756', '#54a24b'] }, legend: { title: null, orient: 'bottom' } },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'bar' }, { field: 'segment' }, { field: 'seconds', format: '.4f' }],
      },
  });
}

export interface SampleRow {
  group: string;
  bar: string;
  seconds: number;
  jitter: number;
}

export function sampleRows(results: LoadedCompare[]): SampleRow[] {
  const many = results.length > 1;
  return results.flatMap((r) =>
    r.document.summary.variants.flatMap((v) =>
      v.runSamplesMs.map((ms, index) => ({ group: groupOf(r, many), bar: seriesLabel(v.name, v.kind), seconds: ms / 1000, jitter: ((index * 37) % 11) / 10 - 0.5 })),
    ),
  );
}

export function sampleChartSpec(rows: SampleRow[]): TopLevelSpec {
  return facetedChart('Every run-time sample (box: quartiles; points: samples)', rows, {
      width: 460,
      height: { step: 30 },
      layer: [
        { mark: { type: 'boxplot', extent: 'min-max', size: 16, opacity: 0.35 }, encoding: { y: { field: 'bar', type: 'nominal', title: null, sort: null, axis: { labelLimit: 440 } }, x: { field: 'seconds', type: 'quantitative', title: 'run time, s', scale: { zero: false } } } },
        { mark: { type: 'circle', size: 28, opacity: 0.8, color: '#222' }, encoding: { y: { field: 'bar', type: 'nominal', sort: null }, yOffset: { field: 'jitter', type: 'quantitative', scale: { domain: [-2, 2] } }, x: { field: 'seconds', type: 'quantitative' }, tooltip: [{ field: 'seconds', format: '.4f' }] } },
      ],
  });
}

export interface ScalingRow {
  size: number;
  series: string;
  seconds: number;
  low: number | null;
  high: number | null;
}

/** Run time against the workload's size, when the results are one algorithm at several sizes. */
export function scalingRows(results: LoadedCompare[]): ScalingRow[] {
  const sizes = new Set(results.map((r) => workloadScale(r.document.workload)));
  if (sizes.size < 2 || sizes.has(null)) return [];
  return results.flatMap((r) =>
    r.document.summary.variants.flatMap((v) =>
      v.run
        ? [{ size: workloadScale(r.document.workload)!, series: seriesLabel(v.name, v.kind), seconds: v.run.mean / 1000, low: v.run.ci95 ? v.run.ci95[0] / 1000 : null, high: v.run.ci95 ? v.run.ci95[1] / 1000 : null }]
        : [],
    ),
  );
}

export function scalingChartSpec(rows: ScalingRow[], sizeTitle: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Run time as the workload grows',
    config: chartConfig,
    width: 460,
    height: 280,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x: { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: sizeTitle }, y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'run time, s' }, color: { field: 'series', type: 'nominal', legend: { title: null, orient: 'bottom', columns: 2 } } } },
      { mark: 'rule', transform: [{ filter: 'datum.low != null && datum.low > 0' }], encoding: { x: { field: 'size', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'series', type: 'nominal' } } },
    ],
  } as TopLevelSpec;
}

