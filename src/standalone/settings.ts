// The settings of a standalone-runtimes run (`dockerwasm runtimes`): one schema with every default, parsed
// where settings enter the tool (the command line, a saved env.json).
import { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { findStandaloneRuntime, standaloneRuntimeNames, type StandaloneRuntime } from './runtimes.js';
import { thesisSampleCounts, thesisSamplesFor } from '../thesis/standalone-figures.js';
import { parseListingMistakes } from '../validation.js';
import { findWorkload } from '../workloads/catalogue.js';
import { workloadLabel, workloadScale, workloadSchema, type Workload } from '../workloads/workload.js';
import { suggestion } from '../config/closest-name.js';
import { limits, whole } from '../config/shared-settings.js';

export const standaloneDefaults = {
  samples: 5,
  warmup: 1,
  timeoutSeconds: 900,
};

export { thesisSampleCounts };

export const standaloneSettingsSchema = z
  .object({
    /** one cell per (runtime, workload): the same workload at several sizes, or several workloads (--thesis) */
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
    samples: z.union([z.literal('thesis'), whole(limits.samples)]).default(standaloneDefaults.samples),
    warmup: whole(limits.warmup).default(standaloneDefaults.warmup),
    seed: whole(limits.seed),
    timeoutSeconds: whole(limits.timeoutSeconds).default(standaloneDefaults.timeoutSeconds),
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
  return samples === 'thesis' ? thesisSamplesFor(workload) : samples;
}

/** Why an interpreter skips this workload, or null when it runs it. */
export function interpreterSkipReason(runtime: StandaloneRuntime, workload: Workload, interpretersAll: boolean): string | null {
  const ceiling = runtime.ceiling?.[workload.algorithm];
  const scale = workloadScale(workload);
  if (ceiling === undefined || interpretersAll || scale === null || scale <= ceiling) return null;
  const knob = findWorkload(workload.algorithm)!.scale!;
  return `an interpreter: skipped above ${ceiling.toLocaleString('en-US')} ${knob} (--interpreters-all runs it)`;
}

/** "kmeans-obs1000+kmeans-obs10000" -> a short label for the results directory */
export function standaloneLabel(workloads: readonly Workload[]): string {
  const algorithms = [...new Set(workloads.map((w) => w.algorithm))];
  return algorithms.length === 1 && workloads.length === 1 ? `runtimes-${workloadLabel(workloads[0]!)}` : `runtimes-${algorithms.join('-')}`;
}
