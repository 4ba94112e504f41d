// The settings of a standalone-runtimes run (`dockerwasm runtimes`, `reproduce --standalone`): one schema
// with every default, parsed where settings enter the tool (the command line, a saved env.json).
import { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { suggestion } from './closest-name.js';
import { limits, parseListingMistakes, workloadLabel, workloadScale, workloadSchema, type Workload } from './settings.js';
import { findStandaloneRuntime, standaloneRuntimeNames, type StandaloneRuntime } from './standalone-runtimes.js';

export const standaloneDefaults = {
  samples: 5,
  warmup: 1,
  timeoutSeconds: 900,
  kmeansObservations: [1_000, 10_000, 100_000],
  treeRows: [20_000],
};

/** The thesis's K-Means sizes (observations per centroid) */
export const thesisStandaloneSizes = { kmeans: [1_000, 10_000, 100_000, 1_000_000] };

/** The thesis's counts: 100 samples a cell, 10 for K-Means at 1,000,000 observations and for the tree. */
export const thesisSampleCounts = { usual: 100, large: 10 };

export const standaloneSettingsSchema = z
  .object({
    /** one cell per (runtime, workload): the same algorithm at several sizes, or several algorithms (reproduce) */
    workloads: z.array(workloadSchema).min(1),
    /** runtime names or 'all'; the native baseline always runs */
    runtimes: z
      .union([z.literal('all'), z.array(z.string()).min(1)])
      .default('all')
      .superRefine((value, context) => {
        if (value === 'all') return;
        value.forEach((name, index) => {
          if (!standaloneRuntimeNames.includes(name)) {
            context.addIssue({ code: 'custom', path: [index], message: `unknown runtime '${name}'${suggestion(name, standaloneRuntimeNames)}; known: ${standaloneRuntimeNames.join(', ')}` });
          }
        });
      }),
    /** samples per cell, or 'thesis' (100, and 10 for K-Means 1M and the tree) */
    samples: z.union([z.literal('thesis'), z.number().int().min(limits.samples.min).max(limits.samples.max)]).default(standaloneDefaults.samples),
    warmup: z.number().int().min(limits.warmup.min).max(limits.warmup.max).default(standaloneDefaults.warmup),
    seed: z.number().int().min(limits.seed.min).max(limits.seed.max),
    timeoutSeconds: z.number().int().min(limits.timeoutSeconds.min).max(limits.timeoutSeconds.max).default(standaloneDefaults.timeoutSeconds),
    /** interpreters also run the sizes above their ceiling (StandaloneRuntime.ceiling) */
    interpretersAll: z.boolean().default(false),
  })
  .strict();
export type StandaloneSettings = z.output<typeof standaloneSettingsSchema>;
export type StandaloneSettingsInput = z.input<typeof standaloneSettingsSchema>;

export function parseStandaloneSettings(value: unknown, source: string): StandaloneSettings {
  const settings = parseListingMistakes(standaloneSettingsSchema, value, source);
  const labels = settings.workloads.map(workloadLabel);
  const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
  if (repeated) throw new DockerwasmError('USAGE', `${source}: ${repeated} is asked for twice`);
  return settings;
}

/** The runtimes a run asks for, in the catalogue's order, the native baseline first. */
export function wantedRuntimes(settings: Pick<StandaloneSettings, 'runtimes'>): StandaloneRuntime[] {
  const names = settings.runtimes === 'all' ? standaloneRuntimeNames : ['native', ...settings.runtimes.filter((name) => name !== 'native')];
  return names.map((name) => findStandaloneRuntime(name)!);
}

/** Samples of one cell: the number asked for, or the thesis's count for that workload. */
export function samplesFor(workload: Workload, samples: StandaloneSettings['samples']): number {
  if (samples !== 'thesis') return samples;
  const large = workload.algorithm === 'tree' || (workload.algorithm === 'kmeans' && workload.observations >= 1_000_000);
  return large ? thesisSampleCounts.large : thesisSampleCounts.usual;
}

/** Why an interpreter skips this workload, or null when it runs it. */
export function interpreterSkipReason(runtime: StandaloneRuntime, workload: Workload, interpretersAll: boolean): string | null {
  if (!runtime.ceiling || interpretersAll || workload.algorithm === 'linreg') return null;
  const ceiling = runtime.ceiling[workload.algorithm];
  const scale = workloadScale(workload)!;
  if (scale <= ceiling) return null;
  const knob = workload.algorithm === 'kmeans' ? 'observations' : 'rows';
  return `an interpreter: skipped above ${ceiling.toLocaleString('en-US')} ${knob} (--interpreters-all runs it)`;
}

/** "kmeans-obs1000+kmeans-obs10000" -> a short label for the results directory */
export function standaloneLabel(workloads: readonly Workload[]): string {
  const algorithms = [...new Set(workloads.map((w) => w.algorithm))];
  return algorithms.length === 1 && workloads.length === 1 ? `runtimes-${workloadLabel(workloads[0]!)}` : `runtimes-${algorithms.join('-')}`;
}
