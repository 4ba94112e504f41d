// One line of a standalone run's samples.jsonl per process run (warm-ups and samples), appended as each
// ends. Whether a run computed what native did is the summary's verdict.
import { z } from 'zod';
import { guestResultSchema } from './guest-result.js';

export const standaloneRecordVersion = 1 as const;

/**
 * How one process run ended: ok; exit-code (non-zero exit, e.g. a module the runtime rejected: its
 * message is in `error`); signal (killed by a signal); timeout (killed at the per-sample timeout);
 * no-result (exited 0 without a result line); digest-mismatch (the summary's: computed something other than native).
 */
export const standaloneOutcomes = ['ok', 'exit-code', 'signal', 'timeout', 'no-result', 'digest-mismatch', 'not-started'] as const;
export type StandaloneOutcome = (typeof standaloneOutcomes)[number];

const nullableNumber = z.number().nullable();

export const standaloneSampleSchema = z.object({
  schema: z.literal(standaloneRecordVersion),
  type: z.literal('standalone-run'),
  step: z.string(),
  runtime: z.string(),
  /** workloadLabel of the workload, e.g. kmeans-obs1000 */
  workload: z.string(),
  phase: z.enum(['warmup', 'sample']),
  index: z.number().int(),
  outcome: z.enum(standaloneOutcomes),
  /** fork to reap, CLOCK_MONOTONIC */
  wallMs: nullableNumber,
  userMs: nullableNumber,
  sysMs: nullableNumber,
  /** ru_maxrss of wait4 */
  maxRssBytes: nullableNumber,
  /** VmPeak and VmHWM at the main thread's exit */
  vmPeakBytes: nullableNumber,
  vmHwmBytes: nullableNumber,
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  guest: guestResultSchema.nullable(),
  error: z.string().nullable(),
  at: z.string(),
});
export type StandaloneSample = z.infer<typeof standaloneSampleSchema>;
