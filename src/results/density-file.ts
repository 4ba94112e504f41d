// The on-disk format of a density run (`dockerwasm density`): env.json (kind "density") written before
// the first cell and again when the run completes, and samples.jsonl with one line per measured cell (a
// profile at one concurrency in one round), appended as each cell ends.
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { outcomes } from './records.js';
import { environmentFile, environmentKind, readKindEnvironment } from './environment-file.js';
import { AppendLog, readLogLines } from './sample-log.js';

export const densitySchemaVersion = 1 as const;

const nullableNumber = z.number().nullable();

export const densityVariantSchema = z.object({
  name: z.string(),
  kind: z.enum(['native', 'wasm']),
  runtime: z.string(),
  image: z.string(),
  /** which build of the program it runs: native, wasm, wasmedge-aot */
  flavour: z.string(),
});
export type DensityVariant = z.infer<typeof densityVariantSchema>;

export const densityEnvironmentSchema = z.object({
  schema: z.literal(densitySchemaVersion),
  kind: z.literal('density'),
  createdAt: z.string(),
  resumedAt: z.array(z.string()),
  completedAt: z.string().nullable(),
  command: z.array(z.string()),
  label: z.string(),
  /** DensitySettings as given (parsed again on resume) */
  settings: z.record(z.string(), z.unknown()),
  tool: z.object({ name: z.string(), version: z.string(), commit: z.string().nullable(), dirty: z.boolean().nullable(), node: z.string() }),
  host: z.object({ hostname: z.string(), cpuModel: z.string(), cpus: z.number(), memoryBytes: z.number(), kernel: z.string(), platform: z.string(), node: z.string() }),
  engine: z.record(z.string(), z.unknown()),
  runtimes: z.array(z.object({ name: z.string(), kind: z.string(), available: z.boolean(), probeOk: z.boolean().nullable(), reason: z.string().nullable() })),
  skippedRuntimes: z.array(z.object({ name: z.string(), reason: z.string() })),
  variants: z.array(densityVariantSchema),
  /** how containers' memory and CPU time were read, or why not */
  accounting: z.object({ cgroups: z.string(), processes: z.string() }),
  /** one container per profile before the cells, not counted */
  warmups: z.array(z.object({ variant: z.string(), latencyMs: nullableNumber, outcome: z.string() })),
  definitions: z.record(z.string(), z.string()),
});
export type DensityEnvironment = z.infer<typeof densityEnvironmentSchema>;

export const densityContainerSchema = z.object({
  index: z.number().int(),
  outcome: z.enum(outcomes),
  /** create request to container created */
  createMs: nullableNumber,
  /** create request to exit seen by a wait request */
  latencyMs: nullableNumber,
  /** create request to the first chunk of its stdout (an attach before start); absent in the first density runs */
  firstOutputMs: nullableNumber.default(null),
  /** remove request to container gone (part of the cell's wall time: a slot frees only then) */
  removeMs: nullableNumber,
  /** CPU time of its cgroup */
  cpuMs: nullableNumber,
  /** the guest's own compute time, where it reports one (the workloads; not hello) */
  computeMs: nullableNumber,
  error: z.string().nullable(),
});
export type DensityContainer = z.infer<typeof densityContainerSchema>;

export const densityCellSchema = z.object({
  schema: z.literal(densitySchemaVersion),
  type: z.literal('density-cell'),
  step: z.string(),
  variant: z.string(),
  concurrency: z.number().int(),
  round: z.number().int(),
  /** ok: every container ran and printed what it should; engine-unavailable: the engine went away mid-cell */
  outcome: z.enum(['ok', 'failed', 'engine-unavailable']),
  containers: z.array(densityContainerSchema),
  /** first create request to the last container removed */
  wallMs: z.number(),
  /** the most containers alive at once */
  peakAlive: z.number().int(),
  /** the host's CPUs busy over the cell, % of all of them (/proc/stat) */
  hostCpuPercent: nullableNumber,
  memory: z.object({
    /** mean over the readings with containers alive: memory charged to a container's cgroup */
    containerBytes: nullableNumber,
    /** mean over the readings: PSS of one shim process started during the cell (one per container) */
    shimBytes: nullableNumber,
    /** mean over the readings: growth of dockerd's and containerd's RSS over their reading before the cell */
    engineGrowthBytes: nullableNumber,
    readings: z.number().int(),
  }),
  at: z.string(),
});
export type DensityCell = z.infer<typeof densityCellSchema>;

/** Whether a directory holds a density run (its env.json says kind "density"). */
export const isDensityDirectory = (dir: string): boolean => environmentKind(dir) === 'density';

export function readDensityEnvironment(dir: string): DensityEnvironment {
  return readKindEnvironment(dir, densityEnvironmentSchema, 'a density run');
}

export async function writeDensityEnvironment(dir: string, env: DensityEnvironment): Promise<void> {
  await writeJsonAtomic(join(dir, environmentFile), env);
}

export class DensityLog extends AppendLog<DensityCell> {}

/** Every complete cell of samples.jsonl; a line cut short by a killed run is skipped and counted. */
export function readDensityCells(dir: string): { cells: DensityCell[]; skipped: number } {
  const { items, skipped } = readLogLines(dir, densityCellSchema);
  return { cells: items, skipped };
}
