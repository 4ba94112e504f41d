import { describe, expect, it } from 'vitest';
import { settingsOf, validateSpec } from '../../src/config/experiment-spec.js';
import { reproduceSpec } from '../../src/config/reproduce-spec.js';
import { DockerwasmError } from '../../src/errors.js';

function mistakes(value: unknown): string[] {
  try {
    validateSpec(value, 'spec.yaml');
  } catch (error) {
    return (error as DockerwasmError).details;
  }
  return [];
}

describe('experiment specs', () => {
  it('fills in defaults', () => {
    const spec = validateSpec({ name: 'x', workloads: [{ algorithm: 'linreg' }] }, 'spec.yaml');
    expect(spec).toMatchObject({ samples: 25, warmup: 1, runtimes: 'all', builder: 'auto', base: 'alpine:3.20' });
  });

  it('declares its questions before measuring: the stock one built in, no seed (a fresh one per run), the inline threshold at LLVM\'s default', () => {
    expect(reproduceSpec.seed).toBeUndefined();
    expect(reproduceSpec.inlineThreshold).toBe('default');
    expect(reproduceSpec.allowMixedToolchains).toBe(false);
    expect(reproduceSpec.questions).toEqual([
      { question: expect.stringMatching(/stock stack/), variants: ['crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1'], baseline: 'runc', margin: 0.05 },
    ]);
    expect(mistakes({ name: 'x', workloads: [{ algorithm: 'linreg' }], inlineThreshold: 'high', questions: [{ question: 'q', variants: [], margin: 2 }] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^inlineThreshold: /), expect.stringMatching(/^questions\[0\]\.variants: /), expect.stringMatching(/^questions\[0\]\.margin: /)]),
    );
  });

  it('lists every mistake at once, each with its path', () => {
    const found = mistakes({
      name: 'bad name',
      samples: 0,
      runtimes: ['runc', 'wasmtime'],
      colour: 'blue',
      workloads: [{ algorithm: 'tree', rows: 400_000 }, { algorithm: 'kmeans', dataset: 'iris' }, { algorithm: 'svm' }],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: /),
        expect.stringMatching(/^samples: .*>=1/),
        expect.stringMatching(/^runtimes\[1\]: unknown runtime profile 'wasmtime' \(did you mean io.containerd.wasmtime.v1\?\)/),
        "(top level): unknown key 'colour'",
        expect.stringMatching(/^workloads\[0\]\.rows: .*308854/),
        expect.stringMatching(/^workloads\[1\]\.dataset: only the linreg workload has a dataset/),
        expect.stringMatching(/^workloads\[2\]\.algorithm: /),
      ]),
    );
    expect(found).toHaveLength(7);
  });

  it("is the thesis's experiment when built in", () => {
    expect(reproduceSpec.workloads.map((w) => [w.algorithm, w.thesis])).toEqual([
      ['kmeans', 'K-mean'],
      ['linreg', 'Regression'],
      ['tree', 'Tree1'],
      ['tree', 'Tree2'],
    ]);
    expect(settingsOf({ ...reproduceSpec, seed: 1 }, reproduceSpec.workloads[0]!).workload).toEqual({ algorithm: 'kmeans', observations: 1_000_000 });
  });
});
