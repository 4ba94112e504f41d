// An experiment matrix written as YAML: shared settings and a list of workloads. The built-in
// `reproduce` spec is one (reproduce-spec.ts). Parsed with a schema, then every mistake is listed at
// once with its path, before anything runs.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { builderChoices } from '../engine/builders.js';
import { DockerwasmError } from '../errors.js';
import { algorithms, limits } from '../guests/workloads.js';
import { profileNames } from '../runtimes/profiles.js';
import { suggestion } from './closest-name.js';
import type { ExperimentSettings } from '../bench/experiment.js';
import { thesisColumns } from '../report/thesis.js';

const workloadSchema = z
  .object({
    algorithm: z.enum(algorithms),
    rows: z.number().int().min(limits.rows.min).max(limits.rows.max).optional(),
    observations: z.number().int().min(limits.observations.min).max(limits.observations.max).optional(),
    dataset: z.enum(['iris', 'diabetes']).optional(),
    /** the thesis column this workload reproduces, for the side-by-side tables */
    thesis: z.enum(thesisColumns).optional(),
  })
  .strict()
  .superRefine((w, context) => {
    if (w.rows !== undefined && w.algorithm !== 'tree') context.addIssue({ code: 'custom', path: ['rows'], message: 'only the tree workload has rows' });
    if (w.observations !== undefined && w.algorithm !== 'kmeans') context.addIssue({ code: 'custom', path: ['observations'], message: 'only the kmeans workload has observations' });
    if (w.dataset !== undefined && w.algorithm !== 'linreg') context.addIssue({ code: 'custom', path: ['dataset'], message: 'only the linreg workload has a dataset' });
  });

export const experimentSpecSchema = z
  .object({
    name: z.string().min(1).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only'),
    samples: z.number().int().min(1).max(10_000).default(25),
    warmup: z.number().int().min(0).max(1_000).default(1),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    runtimes: z
      .union([z.literal('all'), z.array(z.string()).min(1)], { error: "must be 'all' or a list of runtime profile names" })
      .default('all')
      .superRefine((value, context) => {
        if (value === 'all') return;
        value.forEach((name, index) => {
          if (!profileNames.includes(name)) {
            context.addIssue({ code: 'custom', path: [index], message: `unknown runtime profile '${name}'${suggestion(name, profileNames)}; known: ${profileNames.join(', ')}` });
          }
        });
      }),
    builder: z.enum(builderChoices as unknown as [string, ...string[]]).default('auto'),
    timeoutSeconds: z.number().int().min(1).max(86_400).default(1_800),
    base: z.string().min(1).default('alpine:3.20'),
    wasmtimePrecompiled: z.boolean().default(false),
    noCacheBuilds: z.boolean().default(false),
    watchMemory: z.boolean().default(true),
    form: z.enum(['prebuilt', 'multistage']).default('prebuilt'),
    workloads: z.array(workloadSchema).min(1),
  })
  .strict();

export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;
export type SpecWorkload = ExperimentSpec['workloads'][number];

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '') || '(top level)';
}

/** Validates a parsed document; throws one error listing every mistake with its path. */
export function validateSpec(value: unknown, source: string): ExperimentSpec {
  const parsed = experimentSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => {
    const received = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], value);
    const got = received !== undefined && typeof received !== 'object' ? ` (got ${JSON.stringify(received)})` : '';
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
    return `${pathText(issue.path)}: ${message}${got}`;
  });
  throw new DockerwasmError('USAGE', `${source} has ${details.length} mistake${details.length > 1 ? 's' : ''}`, { details });
}

export async function loadSpecFile(path: string): Promise<ExperimentSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DockerwasmError('INPUT', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`, { cause: error });
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new DockerwasmError('USAGE', `${path} is not valid YAML`, {
      details: document.errors.map((e) => e.message.split('\n')[0]!),
    });
  }
  return validateSpec(document.toJS(), path);
}

export function settingsOf(spec: ExperimentSpec, workload: SpecWorkload): ExperimentSettings {
  const { thesis: _thesis, ...knobs } = workload;
  return {
    workload: knobs,
    samples: spec.samples,
    warmup: spec.warmup,
    seed: spec.seed,
    runtimes: spec.runtimes,
    wasmtimePrecompiled: spec.wasmtimePrecompiled,
    builder: spec.builder as ExperimentSettings['builder'],
    noCacheBuilds: spec.noCacheBuilds,
    timeoutSeconds: spec.timeoutSeconds,
    base: spec.base,
    watchMemory: spec.watchMemory,
    form: spec.form,
  };
}
