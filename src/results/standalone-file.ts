// The on-disk format of a standalone-runtimes run (`dockerwasm runtimes`): env.json (kind "standalone")
// written before the first sample and again when the run completes, and samples.jsonl with one line per
// process run (warm-ups and samples), appended as each ends.
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { guestResultSchema } from './records.js';
import { environmentFile, environmentKind, readKindEnvironment } from './environment-file.js';
import { AppendLog, readLogLines } from './sample-log.js';

export const standaloneSchemaVersion = 1 as const;

/**
 * How one process run ended: ok; exit-code (non-zero exit, e.g. a module the runtime rejected: its
 * message is in `error`); signal (killed by a signal); timeout (killed at the per-sample timeout);
 * no-result (exited 0 without a result line); digest-mismatch (computed something other than native).
 */
export const standaloneOutcomes = ['ok', 'exit-code', 'signal', 'timeout', 'no-result', 'digest-mismatch', 'not-started'] as const;
export type StandaloneOutcome = (typeof standaloneOutcomes)[number];

const nullableNumber = z.number().nullable();

export const standaloneSampleSchema = z.object({
  schema: z.literal(standaloneSchemaVersion),
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

export const standaloneRuntimeEntrySchema = z.object({
  name: z.string(),
  label: z.string(),
  thesisRow: z.string().nullable(),
  kind: z.string(),
  module: z.string(),
  available: z.boolean(),
  program: z.string().nullable(),
  version: z.string().nullable(),
  source: z.string().nullable(),
  reason: z.string().nullable(),
  /** why the meter did not trace it (its VmPeak is then not read) */
  untraced: z.string().nullable().default(null),
  description: z.string(),
});
export type StandaloneRuntimeEntry = z.infer<typeof standaloneRuntimeEntrySchema>;

export const standaloneModuleSchema = z.object({
  workload: z.string(),
  module: z.string(),
  file: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  compiler: z.string(),
  /** the compile that made it from the plain module (ahead-of-time flavours), measured once when it was built */
  compileMs: nullableNumber,
});

export const standaloneEnvironmentSchema = z.object({
  schema: z.literal(standaloneSchemaVersion),
  kind: z.literal('standalone'),
  createdAt: z.string(),
  resumedAt: z.array(z.string()),
  completedAt: z.string().nullable(),
  command: z.array(z.string()),
  label: z.string(),
  /** StandaloneSettings as given (parsed again on resume) */
  settings: z.record(z.string(), z.unknown()),
  tool: z.object({ name: z.string(), version: z.string(), commit: z.string().nullable(), dirty: z.boolean().nullable(), node: z.string() }),
  host: z.object({ hostname: z.string(), cpuModel: z.string(), cpus: z.number(), memoryBytes: z.number(), kernel: z.string(), platform: z.string(), node: z.string() }),
  runtimes: z.array(standaloneRuntimeEntrySchema),
  /** (runtime, workload) cells not measured, and why */
  skipped: z.array(z.object({ runtime: z.string(), workload: z.string(), reason: z.string() })),
  workloads: z.array(z.object({ label: z.string(), algorithm: z.string(), scale: nullableNumber, args: z.array(z.string()), samples: z.number().int() })),
  modules: z.array(standaloneModuleSchema),
  guest: z.object({ rustc: z.string(), dataset: z.string().nullable() }),
  meter: z.string(),
  definitions: z.record(z.string(), z.string()),
});
export type StandaloneEnvironment = z.infer<typeof standaloneEnvironmentSchema>;

/** Whether a directory holds a standalone run (its env.json says kind "standalone"). */
export const isStandaloneDirectory = (dir: string): boolean => environmentKind(dir) === 'standalone';

export function readStandaloneEnvironment(dir: string): StandaloneEnvironment {
  return readKindEnvironment(dir, standaloneEnvironmentSchema, 'a standalone run');
}

export async function writeStandaloneEnvironment(dir: string, env: StandaloneEnvironment): Promise<void> {
  await writeJsonAtomic(join(dir, environmentFile), env);
}

export class StandaloneLog extends AppendLog<StandaloneSample> {}

/** Every complete line of samples.jsonl; a line cut short by a killed run is skipped and counted. */
export function readStandaloneSamples(dir: string): { samples: StandaloneSample[]; skipped: number } {
  const { items, skipped } = readLogLines(dir, standaloneSampleSchema);
  return { samples: items, skipped };
}
