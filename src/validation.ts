// Validating what enters the tool (a command line, a YAML spec, a saved env.json, a workload definition)
// with a zod schema: every mistake listed at once, each with its path and the value given.
import type { z } from 'zod';
import { DockerwasmError, type ErrorCode } from './errors.js';

/** "kmeans.observations" or "(top level)": where in a document an issue is. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(top level)';
}

/** One line per mistake, each with its path and the value given. */
export function issueLines(error: z.ZodError, value: unknown): string[] {
  return error.issues.map((issue) => {
    const received = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], value);
    const got = received !== undefined && typeof received !== 'object' ? ` (got ${JSON.stringify(received)})` : '';
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
    return `${issuePath(issue.path)}: ${message}${got}`;
  });
}

/** Parses `value` with `schema`, or throws one error (USAGE unless said) listing every mistake, each with its path. */
export function parseListingMistakes<Schema extends z.ZodType>(schema: Schema, value: unknown, source: string, code: ErrorCode = 'USAGE'): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = issueLines(parsed.error, value);
  throw new DockerwasmError(code, `${source} has ${details.length} mistake${details.length > 1 ? 's' : ''}`, { details });
}
