// The settings of one experiment: one schema with every default, parsed once where settings enter the
// tool (the command line, a YAML spec, a saved env.json). Everything past that edge gets complete,
// validated settings and a workload whose knobs are all there.
import { z } from 'zod';
import { fullRowCount } from '../datasets/cvd-schema.js';
import { profileNames } from './runtime-profiles.js';
import { DockerwasmError } from '../errors.js';
import { suggestion } from './closest-name.js';

export const algorithms = ['kmeans', 'linreg', 'tree'] as const;
export type Algorithm = (typeof algorithms)[number];

export const linregDatasets = ['iris', 'diabetes'] as const;

export const limits = {
  observations: { min: 1, max: 10_000_000 },
  rows: { min: 10, max: fullRowCount },
  samples: { min: 1, max: 10_000 },
  warmup: { min: 0, max: 1_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  timeoutSeconds: { min: 1, max: 86_400 },
};

export const builderChoices = ['auto', 'buildkit', 'classic', 'cli'] as const;
export type BuilderChoice = (typeof builderChoices)[number];

export const dockerfileForms = ['prebuilt', 'multistage'] as const;
/** prebuilt: images of the artifacts dockerwasm built; multistage: compiled in a rust:alpine stage (the thesis's form) */
export type DockerfileForm = (typeof dockerfileForms)[number];

export const defaults = {
  kmeansObservations: 1_000_000,
  treeRows: 100_000,
  linregDataset: 'iris' as const,
  samples: 25,
  warmup: 1,
  runtimes: 'all' as const,
  builder: 'auto' as const,
  timeoutSeconds: 1_800,
  /** the thesis's Linux base; the busybox stand-in is used when it is neither present nor pullable */
  base: 'alpine:3.20',
  wasmtimePrecompiled: false,
  linuxOneThread: false,
  wasmThreads: false,
  noCacheBuilds: false,
  watchMemory: true,
  form: 'prebuilt' as const,
};

const whole = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);

export type Workload =
  /** observations: points generated around each of the 3 centroids (the thesis's variable) */
  | { algorithm: 'kmeans'; observations: number }
  /** dataset: iris (as the thesis's code) or diabetes (as its text) */
  | { algorithm: 'linreg'; dataset: (typeof linregDatasets)[number] }
  /** rows of the embedded CVD dataset, baked into the build */
  | { algorithm: 'tree'; rows: number };

/** Which workload owns each knob. */
export const knobOwners = { rows: 'tree', observations: 'kmeans', dataset: 'linreg' } as const;

export const workloadFields = {
  algorithm: z.enum(algorithms),
  rows: whole(limits.rows).optional(),
  observations: whole(limits.observations).optional(),
  dataset: z.enum(linregDatasets).optional(),
};
export interface WorkloadFields {
  algorithm: Algorithm;
  rows?: number | undefined;
  observations?: number | undefined;
  dataset?: (typeof linregDatasets)[number] | undefined;
}

export function checkKnobs(w: WorkloadFields, context: z.RefinementCtx): void {
  for (const [knob, owner] of Object.entries(knobOwners)) {
    if (w[knob as keyof typeof knobOwners] !== undefined && w.algorithm !== owner) {
      context.addIssue({ code: 'custom', path: [knob], message: `only the ${owner} workload has ${knob === 'dataset' ? 'a dataset' : knob}` });
    }
  }
}

/** The workload with every knob it has (defaults filled in) and none it does not. */
export function completeWorkload(w: WorkloadFields): Workload {
  switch (w.algorithm) {
    case 'kmeans':
      return { algorithm: 'kmeans', observations: w.observations ?? defaults.kmeansObservations };
    case 'linreg':
      return { algorithm: 'linreg', dataset: w.dataset ?? defaults.linregDataset };
    case 'tree':
      return { algorithm: 'tree', rows: w.rows ?? defaults.treeRows };
  }
}

/** A workload as a person writes it (knobs may be left out), parsed into a complete one. */
export const workloadSchema = z.object(workloadFields).strict().superRefine(checkKnobs).transform(completeWorkload);
export type WorkloadInput = z.input<typeof workloadSchema>;

export const runtimesSchema = z
  .union([z.literal('all'), z.array(z.string()).min(1)], { error: "must be 'all' or a list of runtime profile names" })
  .superRefine((value, context) => {
    if (value === 'all') return;
    value.forEach((name, index) => {
      if (!profileNames.includes(name)) {
        context.addIssue({ code: 'custom', path: [index], message: `unknown runtime profile '${name}'${suggestion(name, profileNames)}; known: ${profileNames.join(', ')}` });
      }
    });
  });

/** Every setting but the workload: what a spec shares between its workloads. */
export const sharedSettingsShape = {
  samples: whole(limits.samples).default(defaults.samples),
  warmup: whole(limits.warmup).default(defaults.warmup),
  seed: whole(limits.seed),
  /** 'all' or profile names (runc, the baseline, always runs) */
  runtimes: runtimesSchema.default(defaults.runtimes),
  builder: z.enum(builderChoices).default(defaults.builder),
  timeoutSeconds: whole(limits.timeoutSeconds).default(defaults.timeoutSeconds),
  base: z.string().min(1).default(defaults.base),
  /** also run the wasmtime shim on a precompiled module, as its own variant */
  wasmtimePrecompiled: z.boolean().default(defaults.wasmtimePrecompiled),
  /** also run the Linux image held to one thread (RAYON_NUM_THREADS=1), as its own variant */
  linuxOneThread: z.boolean().default(defaults.linuxOneThread),
  /** also run the wasm32-wasip1-threads module under each Wasm runtime, with RAYON_NUM_THREADS = the engine's CPUs, as its own variants */
  wasmThreads: z.boolean().default(defaults.wasmThreads),
  noCacheBuilds: z.boolean().default(defaults.noCacheBuilds),
  watchMemory: z.boolean().default(defaults.watchMemory),
  form: z.enum(dockerfileForms).default(defaults.form),
};

export const experimentSettingsSchema = z.object({ workload: workloadSchema, ...sharedSettingsShape }).strict();
export type ExperimentSettings = z.output<typeof experimentSettingsSchema>;

/**
 * Settings as a results directory saved them, read leniently so that old directories stay readable: a
 * runtime profile renamed since, or a key this version does not know, is kept as it was (a resume
 * then parses them strictly, and says what no longer fits).
 */
export const savedSettingsSchema = z
  .object({ workload: workloadSchema, ...sharedSettingsShape, runtimes: z.union([z.literal('all'), z.array(z.string())]).default('all') })
  .loose();
export type SettingsInput = z.input<typeof experimentSettingsSchema>;

/** "kmeans.observations" or "(top level)": where in a settings document an issue is. */
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

/**
 * Resuming: the saved settings, overridden by what was given on the command line. A workload given
 * for the same algorithm without any knob keeps the saved knobs.
 */
export function overrideSettings(saved: SettingsInput, given: Partial<SettingsInput>): SettingsInput {
  const workload =
    given.workload === undefined || (given.workload.algorithm === saved.workload.algorithm && Object.keys(given.workload).length === 1)
      ? saved.workload
      : given.workload;
  return { ...saved, ...given, workload };
}

/** Names the build: only build-time knobs (tree's rows) make a different build. */
export function buildKey(workload: Workload): string {
  return workload.algorithm === 'tree' ? `tree-rows${workload.rows}` : workload.algorithm;
}

/** Names the experiment: every knob. */
export function workloadLabel(workload: Workload): string {
  switch (workload.algorithm) {
    case 'kmeans':
      return `kmeans-obs${workload.observations}`;
    case 'linreg':
      return `linreg-${workload.dataset}`;
    case 'tree':
      return `tree-rows${workload.rows}`;
  }
}

/** The knob that scales the work: tree's rows, kmeans's observations (none for linreg). */
export function workloadScale(workload: Workload): number | null {
  return workload.algorithm === 'tree' ? workload.rows : workload.algorithm === 'kmeans' ? workload.observations : null;
}

/** The arguments the guest gets when its container runs. */
export function guestArguments(workload: Workload): string[] {
  switch (workload.algorithm) {
    case 'kmeans':
      return ['--observations', String(workload.observations)];
    case 'linreg':
      return ['--dataset', workload.dataset];
    case 'tree':
      return [];
  }
}

/** Parses `value` with `schema`, or throws one USAGE error listing every mistake, each with its path. */
export function parseListingMistakes<Schema extends z.ZodType>(schema: Schema, value: unknown, source: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = issueLines(parsed.error, value);
  throw new DockerwasmError('USAGE', `${source} has ${details.length} mistake${details.length > 1 ? 's' : ''}`, { details });
}

/** Parses settings at the edge (the command line, a spec's workload, the bench). */
export function parseSettings(value: unknown, source: string): ExperimentSettings {
  return parseListingMistakes(experimentSettingsSchema, value, source);
}
