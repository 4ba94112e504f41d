// One line of samples.jsonl per measurement: the raw source of truth. Every table and chart is derived
// from these records, so summaries can be recomputed without running anything again.
import { z } from 'zod';

export const recordSchemaVersion = 1 as const;

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

export const runRecordSchema = z.object({
  schema: z.literal(recordSchemaVersion),
  type: z.literal('run'),
  step: z.string(),
  variant: z.string(),
  image: z.string(),
  phase,
  index: z.number().int(),
  /** ok | exit-code | timeout | engine-error | no-result (stdout had no result line) */
  outcome: z.string(),
  createMs: z.number().nullable(),
  startMs: z.number().nullable(),
  exitWaitMs: z.number().nullable(),
  totalMs: z.number().nullable(),
  removeMs: z.number().nullable(),
  exitCode: z.number().nullable(),
  peakMemoryBytes: z.number().nullable(),
  guest: guestResultSchema.nullable(),
  stderrTail: z.string(),
  error: z.string().nullable(),
  at: z.string(),
});

export const sampleRecordSchema = z.discriminatedUnion('type', [buildRecordSchema, sizeRecordSchema, runRecordSchema]);
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
