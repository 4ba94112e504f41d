import { describe, expect, it } from 'vitest';
import { quantileSorted } from 'simple-statistics';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { probeOutput } from '../../src/engine/probe/probe-payloads.js';
import { runCell } from '../../src/density/run-cell.js';
import { planDensity } from '../../src/density/kind.js';
import type { DensityCell } from '../../src/results/density-records.js';
import type { DensityEnvironment } from '../../src/results/environment.js';
import { summariseDensity } from '../../src/report/density/summarise.js';
import { FakeEngine } from '../fakes/fake-engine.js';

const target = { name: 'runc', kind: 'native' as const, runtime: 'runc', image: 'hello', flavour: 'native', cmd: [] };

function engineWith(stdout: string) {
  const engine = new FakeEngine();
  engine.images.set('hello', { id: 'sha256:hello', labels: {} });
  engine.behaviours.default = { stdout: `${stdout}\n`, runMs: 50, cpuMs: 5 };
  return engine;
}

async function cell(engine: FakeEngine, containers: number, concurrency: number) {
  const registry = new CleanupRegistry(engine);
  const result = await runCell(
    {
      engine,
      registry,
      clock: engine.clock.read,
      signal: new AbortController().signal,
      labels: {},
      cpuAccounting: engine.cpuAccounting,
      readProcesses: false,
      timeoutMs: 10_000,
      read: () => null,
      env: [],
    },
    target,
    { step: 'cell:runc:c3:r0', concurrency, round: 0, containers },
  );
  await registry.disposeAll();
  return result;
}

describe('density', () => {
  it('plans every (profile, concurrency) pair once per round, in an order fixed by the seed', () => {
    const plan = planDensity(['runc', 'crun-wasmedge'], { concurrency: [1, 4], rounds: 3, seed: 7 });
    expect(plan).toHaveLength(2 * 2 * 3);
    for (let round = 0; round < 3; round++) {
      expect(plan.filter((s) => s.round === round).map((s) => s.id.replace(/:r\d+$/, '')).sort()).toEqual(['cell:crun-wasmedge:c1', 'cell:crun-wasmedge:c4', 'cell:runc:c1', 'cell:runc:c4']);
    }
    expect(planDensity(['runc', 'crun-wasmedge'], { concurrency: [1, 4], rounds: 3, seed: 7 })).toEqual(plan);
    const orders = [1, 2, 3, 4, 5].map((seed) => planDensity(['runc', 'crun-wasmedge'], { concurrency: [1, 4], rounds: 3, seed }).map((s) => s.id).join());
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it('keeps at most `concurrency` containers alive, completes every one, and leaves no container or cgroup', async () => {
    const engine = engineWith(probeOutput);
    const measured = await cell(engine, 10, 3);
    expect(measured.outcome).toBe('ok');
    expect(measured.containers.map((c) => c.index)).toEqual([...Array(10).keys()]);
    expect(measured.containers.every((c) => c.outcome === 'ok' && c.cpuMs === 5)).toBe(true);
    expect(measured.peakAlive).toBe(3);
    // the fake clock advances for every container at once: each takes at least its own create 10 + start 20 + run 50 ms
    expect(measured.containers.every((c) => c.latencyMs! >= 80)).toBe(true);
    // the fake prints as it exits: its first output is timed within the create-to-exit span
    expect(measured.containers.every((c) => c.firstOutputMs! > c.createMs! && c.firstOutputMs! <= c.latencyMs!)).toBe(true);
    expect(measured.wallMs).toBeGreaterThanOrEqual(Math.max(...measured.containers.map((c) => c.latencyMs!)));
    expect(engine.containers.size).toBe(0);
    expect(engine.liveCgroups.size).toBe(0);
  });

  it('records what a container printed; the summary counts one that printed something else as failed, never as completed', async () => {
    const measured = await cell(engineWith('something else'), 4, 2);
    // the raw record: how the container ended and what it printed, no verdict
    expect(measured.outcome).toBe('ok');
    expect(measured.containers.every((c) => c.outcome === 'ok' && c.output === 'something else' && c.digest === null && c.error === null)).toBe(true);
    const env = {
      label: 'hello',
      settings: { containers: 4 },
      completedAt: 'x',
      host: { cpus: 2 },
      variants: [{ name: 'runc', kind: 'native', runtime: 'runc', image: 'i', flavour: 'native' }],
      warmups: [{ variant: 'runc', latencyMs: 80, outcome: 'ok', digest: null, output: probeOutput }],
    } as unknown as DensityEnvironment;
    const summary = summariseDensity(env, [measured]);
    expect(summary.rows[0]).toMatchObject({ completed: 0, failed: 4, firstError: 'no-result: something else' });
    expect(summariseDensity(env, [await cell(engineWith(probeOutput), 4, 2)]).rows[0]).toMatchObject({ completed: 4, failed: 0 });
  });

  it('summarises throughput over the rounds with its interval, latency percentiles pooled, failures apart', () => {
    const env = { label: 'hello', settings: { containers: 4 }, completedAt: 'x', host: { cpus: 2 }, warmups: [], variants: [{ name: 'runc', kind: 'native', runtime: 'runc', image: 'i', flavour: 'native' }] } as unknown as DensityEnvironment;
    const container = (index: number, latencyMs: number, outcome: 'ok' | 'timeout' = 'ok') => ({ index, outcome, createMs: 1, latencyMs, firstOutputMs: latencyMs - 10, removeMs: 1, cpuMs: 2, computeMs: null, error: outcome === 'ok' ? null : 'no exit' });
    const cellOf = (round: number, wallMs: number, latencies: number[], failed = 0): DensityCell => ({
      schema: 1,
      type: 'density-cell',
      step: `cell:runc:c2:r${round}`,
      variant: 'runc',
      concurrency: 2,
      round,
      outcome: failed ? 'failed' : 'ok',
      containers: [...latencies.map((l, i) => container(i, l)), ...Array.from({ length: failed }, (_, i) => container(latencies.length + i, 0, 'timeout'))],
      wallMs,
      peakAlive: 2,
      hostCpuPercent: 50,
      memory: { containerBytes: 1e6, shimBytes: 5e6, engineGrowthBytes: 0, readings: 3 },
      at: 'x',
    });
    const summary = summariseDensity(env, [cellOf(0, 1000, [100, 200, 300, 400]), cellOf(1, 2000, [150, 250, 350], 1)]);
    const row = summary.rows[0]!;
    // completed per second in each round: 4 / 1 s and 3 / 2 s
    expect(row.throughput!.n).toBe(2);
    expect(row.throughput!.mean).toBeCloseTo((4 + 1.5) / 2, 12);
    const pooled = [100, 150, 200, 250, 300, 350, 400];
    expect(row.latencyMs).toEqual({ p50: quantileSorted(pooled, 0.5), p95: quantileSorted(pooled, 0.95), p99: quantileSorted(pooled, 0.99), max: 400 });
    expect(row.firstOutputP50Ms).toBe(quantileSorted(pooled.map((l) => l - 10), 0.5));
    // 50% of 2 CPUs over 1 s for 4 containers, and over 2 s for 4
    expect(row.hostCpuMsPerContainer).toBeCloseTo((250 + 500) / 2, 9);
    expect(row.completed).toBe(7);
    expect(row.failed).toBe(1);
    expect(summary.warnings).toEqual(['runc at concurrency 2: 1 of 8 containers failed; first: no exit']);
    expect(summary.saturation).toEqual([{ variant: 'runc', concurrency: 2, throughput: 2.75 }]);
  });
});
