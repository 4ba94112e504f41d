// The one result line every workload prints (its `result: json-line`): its timings, its result and a
// digest of its outputs, as the records keep it.
import { z } from 'zod';

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
