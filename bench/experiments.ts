// The bench's experiment runs (through the same code as `compare`) and the tables derived from them:
// scaling with the workload's size, Wasm/native ratios beside the thesis's, build time and image size.
import { join } from 'node:path';
import { monotonicMs } from '../src/io/clock.js';
import { runWithReport } from '../src/cli/run-command.js';
import { compareKind } from '../src/compare/kind.js';
import { parseCompareSettings } from '../src/config/compare-settings.js';
import { newRun } from '../src/run/run-experiment.js';
import { workloadLabel, workloadScale, type Workload } from '../src/workloads/workload.js';
import type { CleanupRegistry } from '../src/engine/cleanup.js';
import type { ContainerEngine } from '../src/engine/types.js';
import { buildGuest } from '../src/guests/build-guest.js';
import type { Toolchain } from '../src/guests/toolchain.js';
import type { LoadedCompare } from '../src/report/load-results.js';
import { thesisTables, type ThesisColumn } from '../src/thesis/figures.js';
import { growthPerDoubling } from '../src/stats/scaling.js';

export interface BenchRun {
  label: string;
  dir: string;
  results: LoadedCompare;
}

export async function runWorkloads(options: {
  workloads: Workload[];
  samples: number;
  warmup: number;
  folder: string;
  engine: ContainerEngine;
  registry: CleanupRegistry;
  toolchain: Toolchain;
  signal: AbortSignal;
  say: (line: string) => void;
  /** settings beyond the bench's own (the kmeans sweep adds the one-thread and threaded variants) */
  extra?: { linuxOneThread?: boolean; wasmThreads?: boolean };
}): Promise<BenchRun[]> {
  const runs: BenchRun[] = [];
  for (const workload of options.workloads) {
    const label = workloadLabel(workload);
    const dir = join(options.folder, label);
    const settings = parseCompareSettings({ workload, samples: options.samples, warmup: options.warmup, seed: 20261128, wasmtimePrecompiled: true, ...options.extra }, 'the bench');
    options.say(`experiment ${label}: ${options.samples} samples after ${options.warmup} warm-up(s)`);
    // through the same code as `compare`: the directory gets its summary and report too
    const say = (line: string) => options.say(`  ${line}`);
    const kind = compareKind({
      engine: options.engine,
      registry: options.registry,
      clock: monotonicMs,
      signal: options.signal,
      progress: { info: say, warn: (line) => say(`warning: ${line}`) },
      buildGuest: (w, build) => buildGuest(w, { toolchain: options.toolchain, ...build, signal: options.signal }),
    });
    const ui = {
      info: say,
      warn: (line: string) => say(`warning: ${line}`),
      data: say,
      // a line for every run, and for every tenth build
      bar: (label: string, total: number) => {
        let done = 0;
        const tick = (detail?: string) => {
          done++;
          if (label.startsWith('runs') || done === total || done % 10 === 0) say(`${label.trim()} ${done}/${total} ${detail ?? ''}`);
        };
        return { tick, stop: () => undefined };
      },
    };
    const { report } = await runWithReport(kind, newRun(dir, settings), ui, { signal: options.signal });
    const results = report.results[0] as LoadedCompare;
    runs.push({ label, dir, results });
  }
  return runs;
}

const sizeOf = (run: BenchRun) => workloadScale(run.results.document.workload) ?? Number.NaN;

export interface ScalingTable {
  algorithm: string;
  sizeName: string;
  sizes: number[];
  series: {
    variant: string;
    runMs: (number | null)[];
    computeMs: (number | null)[];
    runPerDoubling: number | null;
    computePerDoubling: number | null;
  }[];
}

export function scalingTable(runs: BenchRun[], algorithm: string): ScalingTable {
  const mine = runs.filter((r) => r.results.document.workload.algorithm === algorithm).sort((a, b) => sizeOf(a) - sizeOf(b));
  const sizes = mine.map(sizeOf);
  const variants = [...new Set(mine.flatMap((r) => r.results.document.summary.variants.map((v) => v.name)))];
  return {
    algorithm,
    sizeName: algorithm === 'kmeans' ? 'observations per centroid' : 'rows',
    sizes,
    series: variants.map((variant) => {
      const of = (r: BenchRun) => r.results.document.summary.variants.find((v) => v.name === variant);
      const runMs = mine.map((r) => of(r)?.run?.mean ?? null);
      const computeMs = mine.map((r) => of(r)?.compute?.mean ?? null);
      const points = (values: (number | null)[]) => values.flatMap((value, i) => (value === null ? [] : [{ size: sizes[i]!, value }]));
      return {
        variant,
        runMs,
        computeMs,
        runPerDoubling: growthPerDoubling(points(runMs))?.perDoubling ?? null,
        computePerDoubling: growthPerDoubling(points(computeMs))?.perDoubling ?? null,
      };
    }),
  };
}

/** The thesis's Wasm/Docker ratio of container run time (Table 18). */
export const thesisRunRatio = (column: ThesisColumn) => thesisTables.run.figures[column].wasm / thesisTables.run.figures[column].docker;

export interface RatioRow {
  workload: string;
  thesisColumn: ThesisColumn | null;
  variant: string;
  computeRatio: number | null;
  computeRatioCi95: [number, number] | null;
  runRatio: number | null;
  runRatioCi95: [number, number] | null;
  thesisRunRatio: number | null;
}

export function ratioRows(runs: BenchRun[]): RatioRow[] {
  return runs.flatMap((run) =>
    run.results.document.summary.comparisons.map((c) => ({
      workload: run.label,
      thesisColumn: run.results.thesisColumn,
      variant: c.variant,
      computeRatio: c.compute?.ratio ?? null,
      computeRatioCi95: c.compute?.ratioCi95 ?? null,
      runRatio: c.run?.ratio ?? null,
      runRatioCi95: c.run?.ratioCi95 ?? null,
      thesisRunRatio: run.results.thesisColumn ? thesisRunRatio(run.results.thesisColumn) : null,
    })),
  );
}

export interface BuildSizeRow {
  workload: string;
  image: string;
  coldBuildMs: number | null;
  warmBuildMs: number | null;
  contentBytes: number | null;
  uncompressedBytes: number | null;
  buildRatio: number | null;
  contentRatio: number | null;
  uncompressedRatio: number | null;
}

export function buildSizeRows(runs: BenchRun[]): BuildSizeRow[] {
  return runs.flatMap((run) => {
    const images = run.results.document.summary.images;
    const linux = images.find((i) => i.image === 'linux');
    return images.map((image) => ({
      workload: run.label,
      image: image.image,
      coldBuildMs: image.coldBuildMs,
      warmBuildMs: image.build?.mean ?? null,
      contentBytes: image.contentBytes,
      uncompressedBytes: image.uncompressedBytes,
      buildRatio: image.build && linux?.build ? image.build.mean / linux.build.mean : null,
      contentRatio: image.contentBytes && linux?.contentBytes ? image.contentBytes / linux.contentBytes : null,
      uncompressedRatio: image.uncompressedBytes && linux?.uncompressedBytes ? image.uncompressedBytes / linux.uncompressedBytes : null,
    }));
  });
}
