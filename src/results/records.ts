// One line of samples.jsonl per measurement: the raw source of truth. Every table and chart is derived
// from these records, so summaries can be recomputed without running anything again.
import { z } from 'zod';
import type { RunMeasurement, RunOutcome } from '../engine/run-container.js';
import { baselineVariant } from './variants.js';

export const recordSchemaVersion = 1 as const;

/**
 * How a run sample ended, in one vocabulary. The container's own (RunOutcome): ok, exit-code, timeout,
 * engine-error; the sampler's: engine-unavailable (the engine stopped answering), no-result (stdout had
 * no result line); the summary's: digest-mismatch (it computed something other than the baseline).
 */
export type Outcome = RunOutcome | 'engine-unavailable' | 'no-result' | 'digest-mismatch';
export const outcomes = ['ok', 'exit-code', 'timeout', 'engine-error', 'engine-unavailable', 'no-result', 'digest-mismatch'] as const satisfies readonly Outcome[];

const phase = z.enum(['cold', 'warmup', 'sample']);

export const guestResultSchema = z
  .object({
    algorithm: z.string(),
    n: z.number(),
    compute_ms: z.number(),
    load_ms: z.number().optional(),
    fit_ms: z.number().optional(),
    predict_ms: z.number().optional(),
    main_ms: z.number().optional(),
    digest: z.string(),
    result: z.record(z.string(), z.unknown()),
    target: z.string().optional(),
    /** threads in the guest's parallel pool (rayon): the CPUs natively, 1 in wasm32-wasip1 */
    threads: z.number().optional(),
  })
  .passthrough();
export type GuestResult = z.infer<typeof guestResultSchema>;

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

export const sampleRecordSchema = z.discriminatedUnion('type', [buildRecordSchema, sizeRecordSchema, runRecordSchema, calibrationRecordSchema]);
export type CalibrationRecord = z.infer<typeof calibrationRecordSchema>;
export type BuildRecord = z.infer<typeof buildRecordSchema>;
export type SizeRecord = z.infer<typeof sizeRecordSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

/** The guest's result line: the last line of stdout that parses as its JSON object. */
export function parseGuestResult(stdout: string): GuestResult | null {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const parsed = guestResultSchema.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: keep looking
    }
  }
  return null;
}

const tail = (text: string, lines = 5) => text.trim().split('\n').slice(-lines).join('\n');

/** Where a run record belongs in the plan, and when it was measured. */
export interface RunPlace {
  step: string;
  variant: string;
  image: string;
  phase: 'warmup' | 'sample';
  index: number;
  at: string;
}

/** The record of a sample the engine stopped answering in: nothing measured. */
export function unavailableRunRecord(place: RunPlace, error: string): RunRecord {
  return {
    schema: recordSchemaVersion,
    type: 'run',
    ...place,
    outcome: 'engine-unavailable',
    createMs: null,
    startMs: null,
    exitWaitMs: null,
    totalMs: null,
    removeMs: null,
    exitCode: null,
    peakMemoryBytes: null,
    cpu: null,
    guest: null,
    stderrTail: '',
    error,
  };
}

/** The record of one measured container run, with the guest's result line when it printed one. */
export function runRecordFrom(place: RunPlace, measurement: RunMeasurement): RunRecord {
  const guest = measurement.outcome === 'ok' ? parseGuestResult(measurement.stdout) : null;
  const outcome: Outcome = measurement.outcome === 'ok' && guest === null ? 'no-result' : measurement.outcome;
  const { createMs, startMs, exitWaitMs, totalMs, removeMs, exitCode, peakMemoryBytes, cpu } = measurement;
  return {
    schema: recordSchemaVersion,
    type: 'run',
    ...place,
    outcome,
    createMs,
    startMs,
    exitWaitMs,
    totalMs,
    removeMs,
    exitCode,
    peakMemoryBytes,
    cpu,
    guest,
    stderrTail: tail(measurement.stderr),
    error: outcome === 'no-result' ? `no result line on stdout: ${tail(measurement.stdout, 2)}` : measurement.error,
  };
}

/** The first good digest of the baseline in these records: what every other sample must compute. */
export function baselineDigestOf(records: readonly SampleRecord[]): string | null {
  for (const record of records) {
    if (record.type === 'run' && record.variant === baselineVariant && record.outcome === 'ok' && record.guest !== null) return record.guest.digest;
  }
  return null;
}
