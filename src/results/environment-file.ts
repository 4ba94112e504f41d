// env.json: everything a reader needs to trust or reproduce a result, written before the first sample
// and again when the run completes. Schema 2 records the completion here; schema 1 (older directories)
// recorded it only in summary.json, which is still read for them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { issuePath, savedSettingsSchema } from '../config/settings.js';
import { DockerwasmError } from '../errors.js';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { imageInfoSchema, variantInfoSchema } from './variants.js';

export const environmentSchemaVersion = 2 as const;
export const environmentFile = 'env.json';

const nullableString = z.string().nullable();

export const environmentFileSchema = z.object({
  schema: z.union([z.literal(1), z.literal(environmentSchemaVersion)]),
  createdAt: z.string(),
  resumedAt: z.array(z.string()),
  /** when the plan's last step was measured; null while running or after a stop (schema 2) */
  completedAt: nullableString.optional(),
  command: z.array(z.string()),
  label: z.string(),
  settings: savedSettingsSchema,
  tool: z.object({ name: z.string(), version: z.string(), commit: nullableString, dirty: z.boolean().nullable(), node: z.string() }),
  host: z.object({ hostname: z.string(), cpuModel: z.string(), cpus: z.number(), memoryBytes: z.number(), kernel: z.string(), platform: z.string(), node: z.string() }),
  /** what the engine said of itself (EngineInfo) and the builder used */
  engine: z.record(z.string(), z.unknown()),
  /** how each container's CPU time was read, or why it was not (absent in older directories) */
  cpuAccounting: z.string().optional(),
  runtimes: z.array(
    z.object({ name: z.string(), kind: z.string(), available: z.boolean(), probeOk: z.boolean().nullable(), probeMs: z.number().nullable(), reason: nullableString }),
  ),
  /** versions of the runtime pieces on this machine, when the engine runs here */
  runtimeVersions: z.record(z.string(), nullableString).nullable(),
  skippedRuntimes: z.array(z.object({ name: z.string(), reason: z.string() })),
  base: z.object({
    reference: z.string(),
    id: z.string(),
    source: z.enum(['present', 'pulled', 'stand-in']),
    description: z.string(),
    contentBytes: z.number(),
    uncompressedBytes: z.number(),
    layers: z.number(),
  }),
  guest: z.object({
    key: z.string(),
    sourceHash: z.string(),
    folder: z.string(),
    inputs: z.record(z.string(), z.unknown()),
    artifacts: z.array(z.object({ flavour: z.string(), file: z.string(), bytes: z.number(), compiler: z.string() }).passthrough()),
  }),
  dataset: z.object({ file: z.string(), source: z.string(), rows: z.number(), sha256: z.string() }).nullable(),
  variants: z.array(variantInfoSchema),
  images: z.array(imageInfoSchema),
  definitions: z.record(z.string(), z.string()),
});
export type EnvironmentFile = z.output<typeof environmentFileSchema>;

export function readEnvironment(dir: string): EnvironmentFile {
  const path = join(dir, environmentFile);
  const value = readEnvironmentJson(dir);
  const schema = (value as { schema?: unknown } | null)?.schema;
  if (schema !== 1 && schema !== environmentSchemaVersion) {
    throw new DockerwasmError('INPUT', `${path}: schema version ${String(schema)} is not one this dockerwasm reads (1, ${environmentSchemaVersion})`);
  }
  const parsed = environmentFileSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DockerwasmError('INPUT', `${path}: ${issuePath(first.path)}: ${first.message}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** env.json of a directory as JSON: a clear INPUT error when it is missing or not JSON. */
export function readEnvironmentJson(dir: string): unknown {
  const path = join(dir, environmentFile);
  if (!existsSync(path)) throw new DockerwasmError('INPUT', `${dir} has no ${environmentFile}: not a dockerwasm results directory`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DockerwasmError('INPUT', `${path} is not valid JSON`, { cause: error });
  }
}

/** The kind its env.json names ("density", "standalone"; none for a compare run), or null when it has none. */
export function environmentKind(dir: string): string | null {
  try {
    const kind = (readEnvironmentJson(dir) as { kind?: unknown } | null)?.kind;
    return typeof kind === 'string' ? kind : null;
  } catch {
    return null;
  }
}

/** env.json of a directory of one kind, parsed by its schema; a clear INPUT error naming the first mistake. */
export function readKindEnvironment<Schema extends z.ZodType>(dir: string, schema: Schema, what: string): z.output<Schema> {
  const parsed = schema.safeParse(readEnvironmentJson(dir));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DockerwasmError('INPUT', `${join(dir, environmentFile)}: not ${what}'s env.json (${issuePath(first.path)}: ${first.message})`, { cause: parsed.error });
  }
  return parsed.data;
}

export async function writeEnvironment(dir: string, env: EnvironmentFile): Promise<void> {
  await writeJsonAtomic(join(dir, environmentFile), env);
}

/** Whether the run measured its whole plan. */
export function runCompleted(dir: string, env: EnvironmentFile): boolean {
  if (env.schema === environmentSchemaVersion) return typeof env.completedAt === 'string';
  const summary = join(dir, 'summary.json');
  return existsSync(summary) && (JSON.parse(readFileSync(summary, 'utf8')) as { complete?: boolean }).complete === true;
}
