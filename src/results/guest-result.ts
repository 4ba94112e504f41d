// What a run's program computed, as the records keep it. A workload of `result: json-line` (the built-in
// guests' protocol) prints one JSON line with its timings, its result and a digest of its outputs; for one
// of `result: stdout` (a user's program, by default) its whole stdout is the result, kept as a digest and
// its first bytes, and it has no compute time of its own.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const guestResultSchema = z
  .object({
    algorithm: z.string(),
    n: z.number(),
    /** the program's own compute time; absent for a program whose result is its stdout */
    compute_ms: z.number().optional(),
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

export type ResultProtocol = 'json-line' | 'stdout';

/** The compute time of a json-line result (the built-in guests always report it). */
export function computeMsOf(guest: GuestResult): number {
  if (guest.compute_ms === undefined) throw new Error(`${guest.algorithm}: a result without compute_ms`);
  return guest.compute_ms;
}

/** How many bytes of a stdout result the records keep, to show where two outputs first differ. */
export const keptStdoutBytes = 512;

/** A program's stdout as its result: its digest, size and first bytes. */
export function stdoutResult(program: string, stdout: string): GuestResult {
  const bytes = Buffer.byteLength(stdout);
  return {
    algorithm: program,
    n: bytes,
    digest: createHash('sha256').update(stdout).digest('hex'),
    result: { stdout_bytes: bytes, stdout_lines: stdout === '' ? 0 : stdout.split('\n').length - (stdout.endsWith('\n') ? 1 : 0), stdout_head: stdout.slice(0, keptStdoutBytes) },
  };
}

/** Where a stdout result first differs from the reference's, from the bytes both records keep; null for json-line results. */
export function stdoutDifference(got: GuestResult | null | undefined, reference: GuestResult | null | undefined): string | null {
  const [a, b] = [got?.result.stdout_head, reference?.result.stdout_head];
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  const near = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 16), at + 24));
  if (at === a.length && at === b.length) {
    return `the first ${a.length} characters are the same; stdout is ${String(got!.result.stdout_bytes)} bytes where the reference's is ${String(reference!.result.stdout_bytes)}`;
  }
  return `stdout differs at character ${at}: ${near(a)} where the reference has ${near(b)}`;
}

/** What a program computed, read by its protocol; null when a json-line program printed no result line. */
export function readGuestResult(protocol: ResultProtocol, program: string, stdout: string): GuestResult | null {
  return protocol === 'stdout' ? stdoutResult(program, stdout) : parseGuestResult(stdout);
}

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
