// The figures of the thesis this project reproduces ("WebAssembly for edge-cloud computing", URV, 2023,
// section 5.4, Tables 16-18): 25 samples per algorithm, Docker Desktop 4.18, Windows 10, Ryzen 7 3750H.
// Linux image: alpine + the native binary; Wasm image: scratch + the module. Means only; cold builds
// left out of the build times; the Wasm runtime used is not stated.

export const thesisColumns = ['K-mean', 'Regression', 'Tree1', 'Tree2'] as const;
export type ThesisColumn = (typeof thesisColumns)[number];

export interface ThesisFigure {
  docker: number;
  wasm: number;
}

export const thesisTables: Record<'build' | 'size' | 'run', { table: number; title: string; unit: string; figures: Record<ThesisColumn, ThesisFigure> }> = {
  build: {
    table: 16,
    title: 'Build time',
    unit: 's',
    figures: {
      'K-mean': { docker: 3.7903, wasm: 0.9997 },
      Regression: { docker: 5.7757, wasm: 1.0478 },
      Tree1: { docker: 3.0049, wasm: 1.012 },
      Tree2: { docker: 4.9623, wasm: 1.0573 },
    },
  },
  size: {
    table: 17,
    title: 'Image size',
    unit: 'MB',
    figures: {
      'K-mean': { docker: 4.06, wasm: 2.97 },
      Regression: { docker: 4.07, wasm: 3.04 },
      Tree1: { docker: 20.82, wasm: 9.05 },
      Tree2: { docker: 33.77, wasm: 22.0 },
    },
  },
  run: {
    table: 18,
    title: 'Container run time',
    unit: 's',
    figures: {
      'K-mean': { docker: 5.4586, wasm: 11.7617 },
      Regression: { docker: 1.2203, wasm: 0.8447 },
      Tree1: { docker: 16.373, wasm: 21.9301 },
      Tree2: { docker: 67.0527, wasm: 87.2101 },
    },
  },
};

export const thesisSetting =
  'thesis: Docker Desktop 4.18 on Windows 10, AMD Ryzen 7 3750H, 25 samples, means only, Wasm runtime not stated';

/** The workloads whose run reproduces a column of Tables 16-18 (the reproduce spec's four). */
const containerColumns: { column: ThesisColumn; workload: Record<string, string | number> }[] = [
  { column: 'K-mean', workload: { algorithm: 'kmeans', observations: 1_000_000 } },
  { column: 'Regression', workload: { algorithm: 'linreg', dataset: 'iris' } },
  { column: 'Tree1', workload: { algorithm: 'tree', rows: 100_000 } },
  { column: 'Tree2', workload: { algorithm: 'tree', rows: 308_854 } },
];

/** The column of Tables 16-18 a container run of this workload reproduces, or null. */
export function containerThesisColumn(workload: { readonly algorithm: string; readonly [knob: string]: unknown }): ThesisColumn | null {
  const match = containerColumns.find((c) => Object.entries(c.workload).every(([key, value]) => workload[key] === value));
  return match?.column ?? null;
}
