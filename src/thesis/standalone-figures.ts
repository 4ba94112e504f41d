// The thesis's standalone-runtime figures (sections 5.1-5.3, Tables 7-15): Windows 10, AMD Ryzen 7 3750H
// (8 logical CPUs), measured with Windows Performance Recorder / Analyzer; 100 samples per cell, 10 for
// K-Means at 1,000,000 observations and for the decision tree (the full CVD dataset). Means only.
// Time: processing time (s). CPU: WPA's "% CPU usage", relative to all processors. Memory: WPA's virtual
// memory size (MB), Windows committed memory. Spin's figures are per HTTP request of `spin up`.

/** the thesis's rows, in its order */
export const thesisRuntimes = ['WasmEdge', 'Wasmtime', 'Wasmer', 'Wasm3', 'WAVM', 'GraalWasm', 'Spin'] as const;
export type ThesisRuntime = (typeof thesisRuntimes)[number];

export type ThesisStandaloneMetric = 'time' | 'cpu' | 'memory';
/** columns: K-Means at 1k/10k/100k/1M observations, linear regression, decision tree (full dataset) */
export type ThesisStandaloneColumn = 'kmeans-1000' | 'kmeans-10000' | 'kmeans-100000' | 'kmeans-1000000' | 'linreg' | 'tree';

type Row = Record<ThesisStandaloneColumn, number>;
const row = (k1: number, k10: number, k100: number, k1m: number, linreg: number, tree: number): Row => ({
  'kmeans-1000': k1,
  'kmeans-10000': k10,
  'kmeans-100000': k100,
  'kmeans-1000000': k1m,
  linreg,
  tree,
});

export const thesisStandalone: Record<ThesisStandaloneMetric, Record<ThesisRuntime, Row>> = {
  // Tables 7, 10, 13
  time: {
    WasmEdge: row(0.0587, 0.0933, 1.4181, 9.4543, 0.0282, 33.3281),
    Wasmtime: row(0.0543, 0.1567, 1.2799, 10.2881, 0.0349, 73.8908),
    Wasmer: row(0.224, 0.3532, 1.6326, 12.6438, 0.2193, 110.2868),
    Wasm3: row(0.2239, 1.7493, 18.445, 147.7515, 0.0579, 609.4514),
    WAVM: row(5.2734, 5.4081, 6.1254, 13.5126, 4.6458, 38.574),
    GraalWasm: row(0.39, 1.1995, 6.5069, 16.8267, 0.3192, 243.743),
    Spin: row(0.0359, 0.1791, 1.3795, 11.3631, 0.0202, 141.6622),
  },
  // Tables 8, 11, 14
  cpu: {
    WasmEdge: row(0.0518, 0.0391, 0.0518, 0.1207, 0.0456, 1.22),
    Wasmtime: row(0.0247, 0.0046, 0.0008, 0.0, 0.0108, 0.001),
    Wasmer: row(0.5697, 0.2406, 0.2107, 0.1396, 0.4917, 1.262),
    Wasm3: row(0.0852, 0.1173, 0.1217, 1.12, 0.0615, 1.213),
    WAVM: row(0.121, 0.1217, 0.1221, 0.1236, 0.1125, 1.236),
    GraalWasm: row(0.3304, 0.3506, 0.3102, 0.2097, 0.2384, 2.472),
    Spin: row(0.0304, 0.0102, 0.0, 0.0, 0.0226, 0.0),
  },
  // Tables 9, 12, 15
  memory: {
    WasmEdge: row(14.0289, 14.0986, 35.5341, 231.3116, 14.7817, 160.0209),
    Wasmtime: row(17.1734, 18.2982, 38.7121, 233.4973, 16.5325, 204.6116),
    Wasmer: row(59.4422, 60.3085, 80.4097, 222.0128, 61.6638, 241.6327),
    Wasm3: row(10.0717, 26.6434, 78.7303, 1057.3722, 7.9272, 906.4774),
    WAVM: row(232.4163, 232.988, 254.5793, 450.345, 76.128, 355.1692),
    GraalWasm: row(135.9072, 335.8457, 461.3891, 1540.0616, 191.3354, 8939.318),
    Spin: row(0.6218, 0.6195, 0.6228, 0.6295, 0.6491, 0.6285),
  },
};

type ThesisWorkload = { readonly algorithm: string; readonly [knob: string]: unknown };

export interface ThesisStandaloneAlgorithm {
  algorithm: 'kmeans' | 'linreg' | 'tree';
  /** how the thesis's tables name it */
  title: string;
  tables: Record<ThesisStandaloneMetric, number>;
  /** how a column of ours is headed, from the knob that scales the work */
  columnHead(scale: number | null): string;
  /** the thesis's column a size of ours stands beside, or null */
  column(scale: number | null): ThesisStandaloneColumn | null;
}

/** The thesis's three programs in Tables 7-15, in its order. */
export const thesisStandaloneAlgorithms: readonly ThesisStandaloneAlgorithm[] = [
  {
    algorithm: 'kmeans',
    title: 'K-Means',
    tables: { time: 7, cpu: 8, memory: 9 },
    columnHead: (scale) => `${(scale ?? 0).toLocaleString('en-US')} obs`,
    column: (scale) => ([1_000, 10_000, 100_000, 1_000_000].includes(scale ?? -1) ? (`kmeans-${scale}` as ThesisStandaloneColumn) : null),
  },
  { algorithm: 'linreg', title: 'linear regression', tables: { time: 10, cpu: 11, memory: 12 }, columnHead: () => 'linreg', column: () => 'linreg' },
  {
    algorithm: 'tree',
    title: 'decision tree',
    tables: { time: 13, cpu: 14, memory: 15 },
    columnHead: (scale) => `${(scale ?? 0).toLocaleString('en-US')} rows (thesis: 308,854)`,
    column: () => 'tree',
  },
];

/** The thesis's column for a workload of ours (by its name and the size that scales it), or null. */
export function standaloneThesisColumn(workload: { algorithm: string; scale: number | null }): ThesisStandaloneColumn | null {
  return thesisStandaloneAlgorithms.find((a) => a.algorithm === workload.algorithm)?.column(workload.scale) ?? null;
}

/** The thesis's sections 5.1-5.3: K-Means at four sizes, linear regression on diabetes (as its text), the tree on the full dataset. */
export const thesisStandaloneWorkloads: readonly ThesisWorkload[] = [
  ...[1_000, 10_000, 100_000, 1_000_000].map((observations) => ({ algorithm: 'kmeans', observations })),
  { algorithm: 'linreg', dataset: 'diabetes' },
  { algorithm: 'tree', rows: 308_854 },
];

/** The thesis's counts: 100 samples a cell, 10 for K-Means at 1,000,000 observations and for the tree. */
export const thesisSampleCounts = { usual: 100, large: 10 };

export function thesisSamplesFor(workload: ThesisWorkload): number {
  const large = workload.algorithm === 'tree' || (workload.algorithm === 'kmeans' && Number(workload.observations) >= 1_000_000);
  return large ? thesisSampleCounts.large : thesisSampleCounts.usual;
}

export const thesisStandaloneSetting =
  'thesis: standalone runtimes on Windows 10, AMD Ryzen 7 3750H (8 logical CPUs), WPR/WPA, 100 samples a cell (10 for K-Means 1M and the tree), means only; the tree on the full CVD dataset (308,854 rows)';
