// The order of everything a compare run measures, decided up front from a recorded seed (so a resumed run
// continues the same plan). Builds: one cold build per image (no cache), the warm-up builds, then the sample
// builds with images interleaved in a shuffled order. Runs: warm-up runs, then samples: each round runs
// every variant once, in a shuffled order, so drift (thermal, cache, a neighbour) spreads evenly. A fixed
// calibration workload runs before the runs, after each round of samples and at the end, so that drift
// that did happen shows.
import { seededShuffler } from '../run/seeded-shuffle.js';

export type Phase = 'cold' | 'warmup' | 'sample';

export interface BuildStep {
  kind: 'build';
  id: string;
  image: string;
  phase: Phase;
  index: number;
  noCache: boolean;
}

export interface RunStep {
  kind: 'run';
  id: string;
  variant: string;
  phase: 'warmup' | 'sample';
  index: number;
}

export interface CalibrationStep {
  kind: 'calibrate';
  id: string;
  point: 'start' | 'round' | 'end';
  /** the round of samples it follows (-1 at the start) */
  index: number;
}

export type CompareStep = BuildStep | RunStep | CalibrationStep;

export interface PlanInput {
  images: readonly string[];
  variants: readonly string[];
  samples: number;
  warmup: number;
  seed: number;
  /** build samples without cache too (the cold build is always without cache) */
  noCacheBuilds: boolean;
}

export const buildStepId = (image: string, phase: Phase, index: number) => `build:${image}:${phase}:${index}`;
export const runStepId = (variant: string, phase: Phase, index: number) => `run:${variant}:${phase}:${index}`;

export function planCompare(input: PlanInput): CompareStep[] {
  const shuffle = seededShuffler(input.seed);
  const steps: CompareStep[] = [];
  const build = (image: string, phase: Phase, index: number, noCache: boolean) =>
    steps.push({ kind: 'build', id: buildStepId(image, phase, index), image, phase, index, noCache });
  const run = (variant: string, phase: 'warmup' | 'sample', index: number) =>
    steps.push({ kind: 'run', id: runStepId(variant, phase, index), variant, phase, index });

  for (const image of input.images) build(image, 'cold', 0, true);
  for (let w = 0; w < input.warmup; w++) for (const image of shuffle(input.images)) build(image, 'warmup', w, input.noCacheBuilds);
  for (let i = 0; i < input.samples; i++) for (const image of shuffle(input.images)) build(image, 'sample', i, input.noCacheBuilds);
  const calibrate = (point: CalibrationStep['point'], index: number) => steps.push({ kind: 'calibrate', id: `calibrate:${point}:${index}`, point, index });
  for (let w = 0; w < input.warmup; w++) for (const variant of shuffle(input.variants)) run(variant, 'warmup', w);
  calibrate('start', -1);
  for (let i = 0; i < input.samples; i++) {
    for (const variant of shuffle(input.variants)) run(variant, 'sample', i);
    if (i < input.samples - 1) calibrate('round', i);
  }
  calibrate('end', input.samples - 1);
  return steps;
}
