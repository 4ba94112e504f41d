// The settings of one density run (`dockerwasm density`): which program, how many containers, how many
// alive at once, how many rounds. One zod schema with every default and the limits this tool allows, so
// that a run fits a small host (2 CPUs, 24 GiB here) and refuses more with one line.
import { z } from 'zod';
import { parseListingMistakes } from '../validation.js';
import { workloadNames } from '../workloads/catalogue.js';
import { workloadLabel, workloadSchemaWith, type Workload } from '../workloads/workload.js';
import { limits, runtimesSchema, whole } from '../config/shared-settings.js';

/** `hello`: the probes' tiny program (it prints one line and exits); the others are the built-in workloads */
export const helloProgram = 'hello';
export const densityPrograms = [helloProgram, ...workloadNames] as const;

/** hello, or a workload at a small size (each container runs the whole program) */
export type DensityWorkload = { algorithm: typeof helloProgram } | Workload;

export const densityLimits = {
  containers: { min: 1, max: 500 },
  /** containers alive at once: 16 is 8 per CPU on this 2-CPU machine */
  concurrency: { min: 1, max: 16 },
  rounds: { min: 1, max: 20 },
  timeoutSeconds: { min: 1, max: 600 },
  /** containers started in one run, over every profile, concurrency and round */
  totalContainers: 20_000,
};

export const densityDefaults = {
  containers: 20,
  concurrency: [1, 2, 4],
  rounds: 3,
  timeoutSeconds: 120,
};

const densityWorkloadSchema = z.union([
  z.object({ algorithm: z.literal(helloProgram) }).strict(),
  // a workload's own knobs, with the small sizes its definition gives density runs
  workloadSchemaWith({ defaults: (definition) => definition.sizes.density }),
]);

export const densitySettingsSchema = z
  .object({
    workload: densityWorkloadSchema,
    containers: whole(densityLimits.containers).default(densityDefaults.containers),
    concurrency: z
      .array(whole(densityLimits.concurrency))
      .min(1)
      .default(densityDefaults.concurrency)
      .transform((levels) => [...new Set(levels)].sort((a, b) => a - b)),
    rounds: whole(densityLimits.rounds).default(densityDefaults.rounds),
    runtimes: runtimesSchema.default('all'),
    seed: whole(limits.seed),
    timeoutSeconds: whole(densityLimits.timeoutSeconds).default(densityDefaults.timeoutSeconds),
  })
  .strict();
export type DensitySettings = Omit<z.output<typeof densitySettingsSchema>, 'workload'> & { workload: DensityWorkload };
export type DensitySettingsInput = z.input<typeof densitySettingsSchema>;

export function parseDensitySettings(value: unknown, source: string): DensitySettings {
  return parseListingMistakes(densitySettingsSchema, value, source) as DensitySettings;
}

export const isHello = (workload: DensityWorkload): workload is { algorithm: typeof helloProgram } => workload.algorithm === helloProgram;

/** hello, or the workload's own label (kmeans-obs10000) */
export const densityLabel = (workload: DensityWorkload) => (isHello(workload) ? helloProgram : workloadLabel(workload as Workload));
