// The thesis's three workloads and their knobs. A knob is either baked into the build (tree's rows: the
// dataset is embedded) or passed as an argument when the container runs (kmeans's observations).
import { fullRowCount } from '../datasets/cvd-schema.js';

export const algorithms = ['kmeans', 'linreg', 'tree'] as const;
export type Algorithm = (typeof algorithms)[number];

export interface Workload {
  algorithm: Algorithm;
  /** tree: rows of the embedded dataset */
  rows?: number;
  /** kmeans: points generated around each of the 3 centroids (the thesis's variable) */
  observations?: number;
  /** linreg: iris (as the thesis's code) or diabetes (as its text) */
  dataset?: 'iris' | 'diabetes';
}

export const defaults = {
  kmeansObservations: 1_000_000,
  treeRows: 100_000,
  linregDataset: 'iris' as const,
};

export const limits = {
  observations: { min: 1, max: 10_000_000 },
  rows: { min: 10, max: fullRowCount },
};

/** Fills in every knob's default. */
export function normaliseWorkload(workload: Workload): Required<Pick<Workload, 'algorithm'>> & Workload {
  switch (workload.algorithm) {
    case 'kmeans':
      return { algorithm: 'kmeans', observations: workload.observations ?? defaults.kmeansObservations };
    case 'linreg':
      return { algorithm: 'linreg', dataset: workload.dataset ?? defaults.linregDataset };
    case 'tree':
      return { algorithm: 'tree', rows: workload.rows ?? defaults.treeRows };
  }
}

/** Names the build: only build-time knobs (tree's rows) make a different build. */
export function buildKey(workload: Workload): string {
  return workload.algorithm === 'tree' ? `tree-rows${workload.rows ?? defaults.treeRows}` : workload.algorithm;
}

/** Names the experiment: every knob. */
export function workloadLabel(workload: Workload): string {
  const w = normaliseWorkload(workload);
  if (w.algorithm === 'kmeans') return `kmeans-obs${w.observations}`;
  if (w.algorithm === 'linreg') return `linreg-${w.dataset}`;
  return `tree-rows${w.rows}`;
}

/** The arguments the guest gets when its container runs. */
export function guestArguments(workload: Workload): string[] {
  const w = normaliseWorkload(workload);
  if (w.algorithm === 'kmeans') return ['--observations', String(w.observations)];
  if (w.algorithm === 'linreg') return ['--dataset', w.dataset!];
  return [];
}

/** The knob's value as the result tables show it (the thesis's "n"). */
export function workloadSize(workload: Workload): number | string {
  const w = normaliseWorkload(workload);
  return w.algorithm === 'kmeans' ? w.observations! : w.algorithm === 'tree' ? w.rows! : w.dataset!;
}
