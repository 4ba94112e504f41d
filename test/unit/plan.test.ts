import { describe, expect, it } from 'vitest';
import { planCompare as planExperiment } from '../../src/compare/plan.js';
import { seededShuffler } from '../../src/run/seeded-shuffle.js';

const input = { images: ['linux', 'wasm'], variants: ['runc', 'a', 'b'], samples: 4, warmup: 1, seed: 7, noCacheBuilds: false };

describe('the compare plan', () => {
  it('plans cold builds first, then warm-ups and samples, then the runs', () => {
    const plan = planExperiment(input);
    expect(plan.slice(0, 2).map((s) => s.id)).toEqual(['build:linux:cold:0', 'build:wasm:cold:0']);
    expect(plan.filter((s) => s.kind === 'build' && s.phase === 'cold').every((s) => s.kind === 'build' && s.noCache)).toBe(true);
    expect(plan.filter((s) => s.kind === 'build')).toHaveLength(2 + 2 * 1 + 2 * 4);
    expect(plan.filter((s) => s.kind === 'run')).toHaveLength(3 * 1 + 3 * 4);
    const firstRun = plan.findIndex((s) => s.kind === 'run');
    expect(plan.slice(firstRun).every((s) => s.kind === 'run' || s.kind === 'calibrate')).toBe(true);
    // the calibration: before the samples, after every round but the last, at the end
    expect(plan.filter((s) => s.kind === 'calibrate').map((s) => s.id)).toEqual(['calibrate:start:-1', 'calibrate:round:0', 'calibrate:round:1', 'calibrate:round:2', 'calibrate:end:3']);
  });

  it('runs every variant once per round, in an order shuffled from the seed', () => {
    const runs = planExperiment(input).filter((s) => s.kind === 'run' && s.phase === 'sample');
    for (let round = 0; round < 4; round++) {
      const names = runs.slice(round * 3, round * 3 + 3).map((s) => (s.kind === 'run' ? s.variant : ''));
      expect([...names].sort()).toEqual(['a', 'b', 'runc']);
      expect(runs.slice(round * 3, round * 3 + 3).every((s) => s.index === round)).toBe(true);
    }
    const orders = new Set([0, 1, 2, 3].map((round) => runs.slice(round * 3, round * 3 + 3).map((s) => s.id.split(':')[1]).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('is the same plan for the same seed, a different one for another', () => {
    expect(planExperiment(input)).toEqual(planExperiment(input));
    expect(planExperiment({ ...input, seed: 8 })).not.toEqual(planExperiment(input));
  });

  it('builds samples without cache when asked', () => {
    const plan = planExperiment({ ...input, noCacheBuilds: true });
    expect(plan.filter((s) => s.kind === 'build').every((s) => s.kind === 'build' && s.noCache)).toBe(true);
  });

  it('shuffles without losing or repeating items', () => {
    const shuffle = seededShuffler(1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(shuffle(items).sort((a, b) => a - b)).toEqual(items);
  });
});
