// The built-in spec of `dockerwasm reproduce`: the thesis's Docker experiment (section 5.4).
import { validateSpec, type ExperimentSpec } from './experiment-spec.js';

export const reproduceSpec: ExperimentSpec = validateSpec(
  {
    name: 'thesis-docker-experiment',
    samples: 25,
    warmup: 1,
    seed: 20230901,
    runtimes: 'all',
    workloads: [
      { algorithm: 'kmeans', observations: 1_000_000, thesis: 'K-mean' },
      { algorithm: 'linreg', dataset: 'iris', thesis: 'Regression' },
      { algorithm: 'tree', rows: 100_000, thesis: 'Tree1' },
      { algorithm: 'tree', rows: 308_854, thesis: 'Tree2' },
    ],
  },
  'the built-in reproduce spec',
);
