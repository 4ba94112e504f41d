// The built-in spec of `dockerwasm reproduce`: the thesis's Docker experiment (section 5.4), on the stock
// stack (one compiler, LLVM's inlining, the runtimes as shipped), its question declared before it measures.
import { validateSpec, type ExperimentSpec } from './experiment-spec.js';

export const reproduceSpec: ExperimentSpec = validateSpec(
  {
    name: 'thesis-docker-experiment',
    samples: 25,
    warmup: 1,
    runtimes: 'all',
    workloads: [
      { algorithm: 'kmeans', observations: 1_000_000, thesis: 'K-mean' },
      { algorithm: 'linreg', dataset: 'iris', thesis: 'Regression' },
      { algorithm: 'tree', rows: 100_000, thesis: 'Tree1' },
      { algorithm: 'tree', rows: 308_854, thesis: 'Tree2' },
    ],
    questions: [
      {
        question: 'Is a Wasm container as fast as the Linux container, on the stock stack?',
        variants: ['crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1'],
        baseline: 'runc',
        margin: 0.05,
      },
    ],
  },
  'the built-in reproduce spec',
);
