// What summary.json holds for each kind of run: every figure of one results directory, summarised once from
// its raw records by report/. The report reads these shapes; nothing here computes them.
import type { Comparison } from '../stats/compare.js';
import type { Description } from '../stats/describe.js';
import type { Outcome } from './compare-records.js';
import type { CompareEnvironment } from './environment.js';
import type { StandaloneOutcome } from './standalone-records.js';
import type { VariantInfo } from './variants.js';

// --- compare ---------------------------------------------------------------------------------------

export interface ImageSummary {
  image: string;
  reference: string;
  flavour: string;
  artifactBytes: number;
  contentBytes: number | null;
  uncompressedBytes: number | null;
  layers: number | null;
  coldBuildMs: number | null;
  warmupBuildMs: number[];
  build: Description | null;
  buildSamplesMs: number[];
  failedBuilds: { step: string; error: string | null }[];
}

export interface FailedSample {
  step: string;
  outcome: Exclude<Outcome, 'ok'>;
  error: string | null;
}

export interface VariantSummary extends VariantInfo {
  samples: number;
  failed: FailedSample[];
  run: Description | null;
  create: Description | null;
  start: Description | null;
  exitWait: Description | null;
  remove: Description | null;
  compute: Description | null;
  /** run time minus the guest's own compute time: engine, runtime, module load/compile, exit detection */
  overhead: Description | null;
  peakMemoryBytes: Description | null;
  /** CPU time of the container's processes (user + system) per sample, from its cgroup */
  cpu: Description | null;
  /** CPU time / run time per sample: how many CPUs were busy on average over the run */
  parallelism: Description | null;
  warmups: { totalMs: number | null; computeMs: number | null; outcome: Outcome }[];
  runSamplesMs: number[];
  computeSamplesMs: number[];
  overheadSamplesMs: number[];
  digest: string | null;
  guestResult: Record<string, unknown> | null;
  /** the guest's parallel pool size, when it says (a pool size, not a measurement of threads used) */
  threads: number | null;
}

export interface VariantComparison {
  variant: string;
  baseline: string;
  run: Comparison | null;
  compute: Comparison | null;
  overhead: Comparison | null;
  build: Comparison | null;
  contentSizeRatio: number | null;
  uncompressedSizeRatio: number | null;
  /** a Wasm variant against the Linux image held to one thread ("same threads"), when that variant ran */
  sameThreads?: { baseline: string; run: Comparison | null; compute: Comparison | null };
}

export interface Summary {
  referenceDigest: string | null;
  images: ImageSummary[];
  variants: VariantSummary[];
  comparisons: VariantComparison[];
  /** other dockerwasm runs that used the engine while this one measured (from the records) */
  otherRuns: string[];
  /** what the host did during the run; null for runs recorded before it was measured */
  host: HostSummary | null;
  warnings: string[];
}

export interface HostSummary {
  /** the calibration workload's time at the start, after each round and at the end, in order */
  calibrationMs: number[];
  calibration: Description | null;
  /** slowest / fastest calibration */
  calibrationSpread: number | null;
  /** CPU time stolen by the hypervisor during the run samples, % */
  steal: Description | null;
  /** the CPU clock seen before and after the run samples, MHz */
  mhz: { min: number; max: number } | null;
}

/** summary.json of a compare run */
export interface SummaryDocument {
  schema: 1;
  /** the run measured its whole plan */
  complete: boolean;
  workload: { readonly algorithm: string; readonly [key: string]: unknown } & { label: string };
  settings: CompareEnvironment['settings'];
  definitions: Record<string, string>;
  summary: Summary;
}

// --- density ---------------------------------------------------------------------------------------

export interface DensityRow {
  variant: string;
  kind: 'native' | 'wasm';
  concurrency: number;
  /** cells measured (rounds) */
  rounds: number;
  completed: number;
  failed: number;
  firstError: string | null;
  /** completed containers per second, one value per round */
  throughput: Description | null;
  latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
  /** median of create request to first output, where the containers printed */
  firstOutputP50Ms: number | null;
  containerBytes: number | null;
  shimBytes: number | null;
  engineGrowthBytes: number | null;
  hostCpuPercent: number | null;
  /** the host's busy CPU time over a cell divided by its containers: the engine, shims, runtime and this tool included */
  hostCpuMsPerContainer: number | null;
  cpuMs: number | null;
}

export interface DensitySummary {
  label: string;
  containers: number;
  rows: DensityRow[];
  /** per profile: the concurrency with the highest mean throughput */
  saturation: { variant: string; concurrency: number; throughput: number }[];
  complete: boolean;
  warnings: string[];
}

/** summary.json of a density run */
export interface DensitySummaryFile {
  kind: 'density';
  complete: boolean;
  summary: DensitySummary;
}

// --- standalone ------------------------------------------------------------------------------------

export interface StandaloneRow {
  workload: string;
  runtime: string;
  label: string;
  kind: string;
  thesisRow: string | null;
  /** good samples: exited 0 with the native run's digest */
  n: number;
  failed: { outcome: StandaloneOutcome; count: number; firstError: string | null }[];
  /** wall time, ms */
  time: Description | null;
  /** the guest's own compute (load + fit + predict), ms */
  compute: Description | null;
  /** (user + sys) / wall, % (may exceed 100) */
  cpuPercent: Description | null;
  /** cpuPercent / CPUs: the thesis's form */
  cpuSharePercent: number | null;
  userMs: number | null;
  sysMs: number | null;
  peakRss: Description | null;
  vmPeakBytes: number | null;
  compileMs: number | null;
  /** time against the native row of the same workload */
  vsNative: Comparison | null;
  warmupMs: number[];
}

export interface StandaloneSummary {
  label: string;
  complete: boolean;
  cpus: number;
  workloads: { label: string; algorithm: string; scale: number | null; digest: string | null }[];
  rows: StandaloneRow[];
  unavailable: { runtime: string; label: string; reason: string }[];
  skipped: { runtime: string; workload: string; reason: string }[];
  warnings: string[];
}

/** summary.json of a standalone run */
export interface StandaloneSummaryFile {
  kind: 'standalone';
  complete: boolean;
  summary: StandaloneSummary;
}
