// An experiment matrix written as YAML: shared settings and a list of workloads. The built-in
// `reproduce` spec is one (reproduce-spec.ts). Parsed with the settings schema, then every mistake is
// listed at once with its path, before anything runs.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { thesisColumns } from '../thesis/figures.js';
import { parseListingMistakes } from '../validation.js';
import { workloadLabel, workloadSchemaWith } from '../workloads/workload.js';
import { parseCompareSettings, sharedSettingsShape, type CompareSettings } from './compare-settings.js';

/** A workload of the matrix, with the thesis column it reproduces (for the side-by-side tables). */
const specWorkloadSchema = workloadSchemaWith({ extra: { thesis: z.enum(thesisColumns).optional() } });

/**
 * A comparison declared before measuring: which variants answer the question, against which baseline, and
 * the margin of "no different" (an equivalence test, TOST). Holm adjusts the variants of one question.
 */
export const declaredQuestionSchema = z
  .object({
    question: z.string().min(1),
    variants: z.array(z.string().min(1)).min(1),
    baseline: z.string().min(1).default('runc'),
    margin: z.number().gt(0).lt(0.5).default(0.05),
  })
  .strict();
export type DeclaredQuestion = z.output<typeof declaredQuestionSchema>;

export const experimentSpecSchema = z
  .object({
    name: z.string().min(1).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only'),
    ...sharedSettingsShape,
    /** absent: a fresh seed for each run, recorded in the run's spec.yaml */
    seed: sharedSettingsShape.seed.optional(),
    workloads: z.array(specWorkloadSchema).min(1),
    /** the comparisons the run answers, declared before it measures (reports test only these) */
    questions: z.array(declaredQuestionSchema).default([]),
  })
  .strict();

export type ExperimentSpec = z.output<typeof experimentSpecSchema>;
export type SpecWorkload = ExperimentSpec['workloads'][number];

/** Validates a parsed document; throws one error listing every mistake with its path. */
export function validateSpec(value: unknown, source: string): ExperimentSpec {
  return parseListingMistakes(experimentSpecSchema, value, source);
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

/** The settings of one workload of the spec. */
export function settingsOf(spec: ExperimentSpec & { seed: number }, specWorkload: SpecWorkload): CompareSettings {
  const { name: _name, workloads: _workloads, questions: _questions, ...shared } = spec;
  const { thesis: _thesis, ...workload } = specWorkload;
  return parseCompareSettings({ ...shared, workload }, `workload ${workloadLabel(workload)} of ${spec.name}`);
}
