// env.json: everything a reader needs to trust or reproduce a result, written before the first sample and
// again when the run completes. One header for every kind of run (its kind, when it was made, resumed and
// completed, the command, the settings, the tool and the host), then what that kind records of itself.
// Directories of every earlier version still read: a compare run's env.json of schema 1 (completion only in
// summary.json) or 2 without a kind, and density and standalone runs of schema 1.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { writeJsonAtomic } from '../io/atomic-file.js';
import { issuePath } from '../validation.js';
import { imageInfoSchema, variantInfoSchema } from './variants.js';

export const environmentFile = 'env.json';

export const resultsKinds = ['compare', 'density', 'standalone'] as const;
export type ResultsKind = (typeof resultsKinds)[number];

/** The env.json versions this dockerwasm reads for each kind; a new run writes the last. */
export const environmentVersions: Record<ResultsKind, readonly number[]> = { compare: [1, 2], density: [1], standalone: [1] };

const nullableString = z.string().nullable();
const nullableNumber = z.number().nullable();

const toolSchema = z.object({ name: z.string(), version: z.string(), commit: nullableString, dirty: z.boolean().nullable(), node: z.string() });
const hostSchema = z.object({
  hostname: z.string(),
  cpuModel: z.string(),
  cpus: z.number(),
  /** the first CPU's caches (sysfs); absent in runs made before they were recorded */
  caches: z.array(z.object({ level: z.number(), type: z.string(), bytes: z.number(), sharedBy: z.string() })).optional(),
  memoryBytes: z.number(),
  kernel: z.string(),
  platform: z.string(),
  node: z.string(),
});

/** A setting a resumed run changed, because it does not change what a sample measures. */
const settingChangeSchema = z.object({ at: z.string(), key: z.string(), from: z.unknown(), to: z.unknown() });
export type SettingChange = z.infer<typeof settingChangeSchema>;

const headerShape = {
  schema: z.number().int(),
  createdAt: z.string(),
  resumedAt: z.array(z.string()),
  /** when the plan's last step was measured; null while running or after a stop (absent: compare schema 1) */
  completedAt: nullableString.optional(),
  command: z.array(z.string()),
  label: z.string(),
  /** the settings as parsed when the run began (each kind's schema reads them) */
  settings: z.record(z.string(), z.unknown()),
  /** settings a resume changed (absent: none) */
  settingsChanges: z.array(settingChangeSchema).optional(),
  tool: toolSchema,
  host: hostSchema,
};
export type EnvironmentHeader = { kind: ResultsKind } & z.output<z.ZodObject<typeof headerShape>>;

const runtimeStatusSchema = z.object({ name: z.string(), kind: z.string(), available: z.boolean(), probeOk: z.boolean().nullable(), reason: nullableString });

export const compareEnvironmentSchema = z.object({
  ...headerShape,
  kind: z.literal('compare').default('compare'),
  /** what the engine said of itself (EngineInfo) and the builder used */
  engine: z.record(z.string(), z.unknown()),
  /** how each container's CPU time was read, or why it was not (absent in older directories) */
  cpuAccounting: z.string().optional(),
  runtimes: z.array(runtimeStatusSchema.extend({ probeMs: nullableNumber })),
  /** versions of the runtime pieces on this machine, when the engine runs here */
  runtimeVersions: z.record(z.string(), nullableString).nullable(),
  skippedRuntimes: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** the compilers of the compared artifacts when they differ (allowed by --allow-mixed-toolchains); absent or null: one compiler */
  mixedToolchains: nullableString.optional(),
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
export type CompareEnvironment = z.output<typeof compareEnvironmentSchema>;

export const densityVariantSchema = z.object({
  name: z.string(),
  kind: z.enum(['native', 'wasm']),
  runtime: z.string(),
  image: z.string(),
  /** which build of the program it runs: native, wasm, wasmedge-aot */
  flavour: z.string(),
});
export type DensityVariant = z.infer<typeof densityVariantSchema>;

export const densityEnvironmentSchema = z.object({
  ...headerShape,
  kind: z.literal('density'),
  engine: z.record(z.string(), z.unknown()),
  runtimes: z.array(runtimeStatusSchema),
  skippedRuntimes: z.array(z.object({ name: z.string(), reason: z.string() })),
  variants: z.array(densityVariantSchema),
  /** how containers' memory and CPU time were read, or why not */
  accounting: z.object({ cgroups: z.string(), processes: z.string() }),
  /**
   * one container per profile before the cells, not counted: how it ended and what it printed (the baseline's
   * is what every measured container must print); older runs recorded only a verdict ('ok', 'wrong output', ...)
   */
  warmups: z.array(z.object({ variant: z.string(), latencyMs: nullableNumber, outcome: z.string(), digest: nullableString.optional(), output: z.string().optional() })),
  definitions: z.record(z.string(), z.string()),
});
export type DensityEnvironment = z.output<typeof densityEnvironmentSchema>;

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
  ...headerShape,
  kind: z.literal('standalone'),
  runtimes: z.array(standaloneRuntimeEntrySchema),
  /** (runtime, workload) cells not measured, and why */
  skipped: z.array(z.object({ runtime: z.string(), workload: z.string(), reason: z.string() })),
  workloads: z.array(z.object({ label: z.string(), algorithm: z.string(), scale: nullableNumber, args: z.array(z.string()), samples: z.number().int() })),
  modules: z.array(standaloneModuleSchema),
  /** what built the guests (`rustc` in runs before user programs, `toolchain` since) */
  guest: z.object({ rustc: z.string().optional(), toolchain: z.string().optional(), dataset: z.string().nullable() }),
  meter: z.string(),
  definitions: z.record(z.string(), z.string()),
});
export type StandaloneEnvironment = z.output<typeof standaloneEnvironmentSchema>;

/** The toolchain a guest's build inputs name: a program's own (`toolchain`), else the built-in guests' rustc. */
export function builtWith(inputs: Record<string, unknown>): string {
  return String(inputs.toolchain ?? inputs.rustc ?? 'unknown');
}

const schemas = { compare: compareEnvironmentSchema, density: densityEnvironmentSchema, standalone: standaloneEnvironmentSchema } as const;
export type EnvironmentOf<Kind extends ResultsKind> = z.output<(typeof schemas)[Kind]>;
export type AnyEnvironment = CompareEnvironment | DensityEnvironment | StandaloneEnvironment;

/** env.json of a directory as JSON: a clear INPUT error when it is missing or not JSON. */
function readEnvironmentJson(dir: string): unknown {
  const path = join(dir, environmentFile);
  if (!existsSync(path)) throw new DockerwasmError('INPUT', `${dir} has no ${environmentFile}: not a dockerwasm results directory`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DockerwasmError('INPUT', `${path} is not valid JSON`, { cause: error });
  }
}

/** The kind of run a directory holds (a compare run's older env.json names none), or null when it holds none. */
export function environmentKind(dir: string): ResultsKind | null {
  try {
    const kind = (readEnvironmentJson(dir) as { kind?: unknown } | null)?.kind ?? 'compare';
    return resultsKinds.includes(kind as ResultsKind) ? (kind as ResultsKind) : null;
  } catch {
    return null;
  }
}

/**
 * env.json of a directory, parsed by its kind's schema. With `expected`, a directory of another kind is
 * refused in one line; an unknown kind or schema version, or a field that does not fit, names what is wrong.
 */
export function readEnvironment<Kind extends ResultsKind>(dir: string, expected: Kind): EnvironmentOf<Kind>;
export function readEnvironment(dir: string): AnyEnvironment;
export function readEnvironment(dir: string, expected?: ResultsKind): AnyEnvironment {
  const path = join(dir, environmentFile);
  const value = readEnvironmentJson(dir) as { kind?: unknown; schema?: unknown } | null;
  const kind = value?.kind ?? 'compare';
  if (!resultsKinds.includes(kind as ResultsKind)) throw new DockerwasmError('INPUT', `${path}: kind ${JSON.stringify(kind)} is not one this dockerwasm reads (${resultsKinds.join(', ')})`);
  const what = (k: string) => (k === 'compare' ? 'a compare' : `a ${k}`);
  if (expected !== undefined && kind !== expected) throw new DockerwasmError('INPUT', `${path}: not ${what(expected)} run's env.json (it holds ${what(String(kind))} run)`);
  const versions = environmentVersions[kind as ResultsKind];
  if (!versions.includes(value?.schema as number)) {
    throw new DockerwasmError('INPUT', `${path}: schema version ${String(value?.schema)} is not one this dockerwasm reads (${versions.join(', ')})`);
  }
  const parsed = schemas[kind as ResultsKind].safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new DockerwasmError('INPUT', `${path}: not ${what(String(kind))} run's env.json (${issuePath(first.path)}: ${first.message})`, { cause: parsed.error });
  }
  return parsed.data;
}

export async function writeEnvironment(dir: string, env: AnyEnvironment): Promise<void> {
  await writeJsonAtomic(join(dir, environmentFile), env);
}

/** The header of a new run, stamped now. */
export function newHeader<Kind extends ResultsKind>(kind: Kind, fields: Pick<EnvironmentHeader, 'command' | 'label' | 'settings' | 'tool' | 'host'>, now = new Date()) {
  const schema = environmentVersions[kind].at(-1)!;
  return { schema, kind, createdAt: now.toISOString(), resumedAt: [] as string[], completedAt: null, ...fields };
}

/** The saved env.json of a run that resumes now, with the settings it goes on with and what changed in them. */
export function resumedEnvironment<Env extends AnyEnvironment>(saved: Env, settings: Record<string, unknown>, changes: Omit<SettingChange, 'at'>[], now = new Date()): Env {
  const at = now.toISOString();
  const settingsChanges = [...(saved.settingsChanges ?? []), ...changes.map((change) => ({ at, ...change }))];
  return {
    ...saved,
    schema: environmentVersions[saved.kind].at(-1)!,
    completedAt: null,
    resumedAt: [...saved.resumedAt, at],
    settings,
    ...(settingsChanges.length > 0 ? { settingsChanges } : {}),
  };
}

/** env.json of a run whose plan is measured to the end. */
export function completedEnvironment<Env extends AnyEnvironment>(env: Env, now = new Date()): Env {
  return { ...env, completedAt: now.toISOString() };
}

/** Whether the run measured its whole plan (a compare run's env.json of schema 1 left it to summary.json). */
export function runCompleted(dir: string, env: AnyEnvironment): boolean {
  if (env.completedAt !== undefined) return typeof env.completedAt === 'string';
  const summary = join(dir, 'summary.json');
  return existsSync(summary) && (JSON.parse(readFileSync(summary, 'utf8')) as { complete?: boolean }).complete === true;
}
