// One line of a compare run's samples.jsonl per measurement (a build, an image's size, a container run,
// a calibration): the raw source of truth. Every table and chart is derived from these records, so
// summaries can be recomputed without running anything again.
import { z } from 'zod';
import { guestResultSchema, type GuestResult } from './guest-result.js';
import { baselineVariant } from './variants.js';

export const recordSchemaVersion = 1 as const;

/**
 * How a run sample ended, in one vocabulary. The container's own: ok, exit-code, timeout, engine-error;
 * the sampler's: engine-unavailable (the engine stopped answering), no-result (stdout had no result
 * line); the summary's: digest-mismatch (it computed something other than the baseline).
 */
export const outcomes = ['ok', 'exit-code', 'timeout', 'engine-error', 'engine-unavailable', 'no-result', 'digest-mismatch'] as const;
export type Outcome = (typeof outcomes)[number];
/** what a container's run can end as, before any reading of its output */
export type ContainerOutcome = Extract<Outcome, 'ok' | 'exit-code' | 'timeout' | 'engine-error'>;

const phase = z.enum(['cold', 'warmup', 'sample']);


export const buildRecordSchema = z.object({
  schema: z.literal(recordSchemaVersion),
  type: z.literal('build'),
  step: z.string(),
  image: z.string(),
  phase,
  index: z.number().int(),
  noCache: z.boolean(),
  builder: z.string(),
  ms: z.number().nullable(),
  ok: z.boolean(),
  imageId: z.string().nullable(),
  error: z.string().nullable(),
  at: z.string(),
  /** other dockerwasm runs using the engine before or after this build ([]: none; absent: not checked) */
  otherRuns: z.array(z.string()).optional(),
});

export const sizeRecordSchema = z.object({
  schema: z.literal(recordSchemaVersion),
  type: z.literal('size'),
  image: z.string(),
  reference: z.string(),
  contentBytes: z.number(),
  uncompressedBytes: z.number(),
  layers: z.number(),
  at: z.string(),
});

const hostLoadSchema = z.object({ stealPercent: z.number().nullable(), mhzBefore: z.number().nullable(), mhzAfter: z.number().nullable() });
export type HostLoad = z.infer<typeof hostLoadSchema>;

const cpuUsageSchema = z.object({ cpuMs: z.number(), cpuUserMs: z.number(), cpuSystemMs: z.number() });

export const runRecordSchema = z.object({
  schema: z.literal(recordSchemaVersion),
  type: z.literal('run'),
  step: z.string(),
  variant: z.string(),
  image: z.string(),
  phase,
  index: z.number().int(),
  outcome: z.enum(outcomes),
  createMs: z.number().nullable(),
  startMs: z.number().nullable(),
  exitWaitMs: z.number().nullable(),
  totalMs: z.number().nullable(),
  removeMs: z.number().nullable(),
  exitCode: z.number().nullable(),
  peakMemoryBytes: z.number().nullable(),
  /** CPU time of the container's processes, from its cgroup (null: not measured; absent: older records) */
  cpu: cpuUsageSchema.nullable().optional(),
  guest: guestResultSchema.nullable(),
  stderrTail: z.string(),
  error: z.string().nullable(),
  at: z.string(),
  /** other dockerwasm runs using the engine before or after this run ([]: none; absent: not checked) */
  otherRuns: z.array(z.string()).optional(),
  /** what the host did during the run: CPU time stolen by the hypervisor (%), the CPU clock before and after (MHz) */
  host: hostLoadSchema.optional(),
});

/** The fixed calibration workload, run at the start, after each round of samples and at the end. */
export const calibrationRecordSchema = z.object({
  schema: z.literal(recordSchemaVersion),
  type: z.literal('calibration'),
  step: z.string(),
  /** 'start', 'round', 'end' */
  point: z.enum(['start', 'round', 'end']),
  /** the round of samples it follows (-1 at the start) */
  index: z.number().int(),
  ms: z.number(),
  stealPercent: z.number().nullable(),
  mhz: z.number().nullable(),
  at: z.string(),
});

export const compareRecordSchema = z.discriminatedUnion('type', [buildRecordSchema, sizeRecordSchema, runRecordSchema, calibrationRecordSchema]);
export type CalibrationRecord = z.infer<typeof calibrationRecordSchema>;
export type BuildRecord = z.infer<typeof buildRecordSchema>;
export type SizeRecord = z.infer<typeof sizeRecordSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type CompareRecord = z.infer<typeof compareRecordSchema>;

/** The first good digest of the baseline in these records: what every other sample must compute. */
export function baselineDigestOf(records: readonly CompareRecord[]): string | null {
  return baselineResultOf(records)?.digest ?? null;
}

/** The baseline's first good result: what every other run must have computed. */
export function baselineResultOf(records: readonly CompareRecord[]): GuestResult | undefined {
  for (const record of records) {
    if (record.type === 'run' && record.variant === baselineVariant && record.outcome === 'ok' && record.guest !== null) return record.guest;
  }
  return undefined;
}
