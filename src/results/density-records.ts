// One line of a density run's samples.jsonl per measured cell (a profile at one concurrency in one round),
// appended as each cell ends. A container's record says how it ended and what it printed; whether that
// was right is the summary's verdict, made against the baseline's warm-up (env.json).
import { z } from 'zod';
import { outcomes } from './compare-records.js';

export const densityRecordVersion = 1 as const;

const nullableNumber = z.number().nullable();

export const densityContainerSchema = z.object({
  index: z.number().int(),
  /** how the container ended (records before the verdict moved to the summary also say no-result or digest-mismatch) */
  outcome: z.enum(outcomes),
  /** the digest of the guest's result line (a workload), or null when it printed none; absent in older records */
  digest: z.string().nullable().optional(),
  /** the last line it printed, at most 200 characters (hello's output is its whole result); absent in older records */
  output: z.string().optional(),
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
  schema: z.literal(densityRecordVersion),
  type: z.literal('density-cell'),
  step: z.string(),
  variant: z.string(),
  concurrency: z.number().int(),
  round: z.number().int(),
  /** ok: every container exited 0 (older records: and printed what it should); engine-unavailable: the engine went away mid-cell */
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

/** What every measured container must print: the baseline's warm-up output (a workload: its result line's digest). */
export interface DensityReference {
  digest: string | null;
  output: string;
}

/**
 * A container's verdict against the reference: its own outcome when it did not exit 0; else ok when it
 * printed what the baseline printed (a workload: the same digest; hello: the same output), no-result when
 * it printed no result line, digest-mismatch when it computed something else. A record of a run before
 * the verdict moved here carries its verdict as its outcome.
 */
export function containerVerdict(container: Pick<DensityContainer, 'outcome' | 'digest' | 'output'>, reference: DensityReference | null): (typeof outcomes)[number] {
  if (container.outcome !== 'ok' || container.output === undefined || reference === null) return container.outcome;
  if (reference.digest === null) return container.output === reference.output ? 'ok' : 'no-result';
  if (container.digest === null || container.digest === undefined) return 'no-result';
  return container.digest === reference.digest ? 'ok' : 'digest-mismatch';
}
