// The settings of one density run (`dockerwasm density`): which program, how many containers, how many
// alive at once, how many rounds. One zod schema with every default and the limits this tool allows, so
// that a run fits a small host (2 CPUs, 24 GiB here) and refuses more with one line.
import { z } from 'zod';
import {
  checkKnobs,
  completeWorkload,
  limits as workloadLimits,
  parseListingMistakes,
  runtimesSchema,
  workloadFields,
  workloadLabel,
  type Workload,
  type WorkloadFields,
} from './settings.js';

export const densityPrograms = ['hello', 'kmeans', 'linreg', 'tree'] as const;
export type DensityProgram = (typeof densityPrograms)[number];

/** `hello`: the probes' tiny program (it prints one line and exits); else a workload at a small size */
export type DensityWorkload = { algorithm: 'hello' } | Workload;

export const densityLimits = {
  containers: { min: 1, max: 500 },
  /** containers alive at once: 16 is 8 per CPU on this 2-CPU machine */
  concurrency: { min: 1, max: 16 },
  rounds: { min: 1, max: 20 },
  timeoutSeconds: { min: 1, max: 600 },
  /** containers started in one run, over every profile, concurrency and round */
  totalContainers: 20_000,
};

/** small sizes: a density run starts many containers, each of which runs the whole program */
export const densityDefaults = {
  containers: 20,
  concurrency: [1, 2, 4],
  rounds: 3,
  timeoutSeconds: 120,
  kmeansObservations: 10_000,
  treeRows: 2_000,
  linregDataset: 'iris' as const,
};

const whole = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);

// the workloads' own fields and knob check, with hello beside them and smaller default sizes
const densityWorkloadSchema = z
  .object({ ...workloadFields, algorithm: z.enum(densityPrograms) })
  .strict()
  .superRefine((w, context) => checkKnobs(w as WorkloadFields, context))
  .transform(({ algorithm, observations, rows, dataset }): DensityWorkload =>
    algorithm === 'hello'
      ? { algorithm: 'hello' }
      : completeWorkload({
          algorithm,
          observations: observations ?? densityDefaults.kmeansObservations,
          rows: rows ?? densityDefaults.treeRows,
          dataset: dataset ?? densityDefaults.linregDataset,
        }),
  );

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
    seed: whole(workloadLimits.seed),
    timeoutSeconds: whole(densityLimits.timeoutSeconds).default(densityDefaults.timeoutSeconds),
  })
  .strict();
export type DensitySettings = z.output<typeof densitySettingsSchema>;
export type DensitySettingsInput = z.input<typeof densitySettingsSchema>;

export function parseDensitySettings(value: unknown, source: string): DensitySettings {
  return parseListingMistakes(densitySettingsSchema, value, source);
}

/** hello, or the workload's own label (kmeans-obs10000) */
export const densityLabel = (workload: DensityWorkload) => (workload.algorithm === 'hello' ? 'hello' : workloadLabel(workload));
