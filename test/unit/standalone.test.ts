// The standalone runs' pure parts (plan, settings, summary, thesis tables) with made-up samples, and the
// process meter for real: it is the kernel's accounting of one child, so it is tested on real processes.
import { describe, expect, it } from 'vitest';
import { interpreterSkipReason, parseStandaloneSettings, samplesFor, wantedRuntimes } from '../../src/standalone/settings.js';
import { commandArgs, findStandaloneRuntime, standaloneRuntimes } from '../../src/standalone/runtimes.js';
import { planStandalone } from '../../src/standalone/kind.js';
import { ensureProcessMeter, runMetered } from '../../src/standalone/process-meter.js';
import { summariseStandalone } from '../../src/report/standalone/summarise.js';
import { rankingLines, standaloneThesisTables } from '../../src/report/standalone/content.js';
import type { StandaloneEnvironment } from '../../src/results/environment.js';
import type { StandaloneSample } from '../../src/results/standalone-records.js';
import { standaloneThesisColumn } from '../../src/thesis/standalone-figures.js';
import { standaloneDefinitions } from '../../src/results/definitions.js';
import { thesisRuntimes } from '../../src/thesis/standalone-figures.js';

describe('the standalone plan', () => {
  const cells = [
    { runtime: 'native', workload: 'a', samples: 3 },
    { runtime: 'wasmtime', workload: 'a', samples: 3 },
    { runtime: 'wasm3', workload: 'b', samples: 1 },
  ];
  it('puts every warm-up first, then rounds with every cell once, shuffled from the seed', () => {
    const plan = planStandalone(cells, { warmup: 1, seed: 7 });
    expect(plan.slice(0, 3).every((s) => s.phase === 'warmup')).toBe(true);
    expect(plan.filter((s) => s.phase === 'sample')).toHaveLength(7);
    const round0 = plan.filter((s) => s.phase === 'sample' && s.index === 0).map((s) => s.runtime);
    expect(new Set(round0)).toEqual(new Set(['native', 'wasmtime', 'wasm3']));
    expect(planStandalone(cells, { warmup: 1, seed: 7 })).toEqual(plan);
    const orders = new Set([1, 2, 3, 4, 5, 6].map((seed) => planStandalone(cells, { warmup: 0, seed }).map((s) => s.runtime).join()));
    expect(orders.size).toBeGreaterThan(1);
    expect(new Set(plan.map((s) => s.id)).size).toBe(plan.length);
  });
});

describe('standalone settings', () => {
  it('names an unknown runtime with a suggestion, and keeps native first', () => {
    try {
      parseStandaloneSettings({ workloads: [{ algorithm: 'linreg' }], seed: 1, runtimes: ['wasmtim'] }, 'x');
      expect.unreachable();
    } catch (error) {
      expect((error as { details: string[] }).details).toEqual([expect.stringMatching(/^runtimes\[0\]: unknown runtime 'wasmtim' \(did you mean wasmtime\?\)/)]);
    }
    const settings = parseStandaloneSettings({ workloads: [{ algorithm: 'linreg' }], seed: 1, runtimes: ['wasm3'] }, 'x');
    expect(wantedRuntimes(settings).map((r) => r.name)).toEqual(['native', 'wasm3']);
  });
  it("gives the thesis's sample counts, and interpreters skip the largest sizes unless asked", () => {
    expect(samplesFor({ algorithm: 'kmeans', observations: 1_000_000 }, 'thesis')).toBe(10);
    expect(samplesFor({ algorithm: 'kmeans', observations: 1_000 }, 'thesis')).toBe(100);
    expect(samplesFor({ algorithm: 'tree', rows: 5_000 }, 'thesis')).toBe(10);
    const wasm3 = findStandaloneRuntime('wasm3')!;
    expect(interpreterSkipReason(wasm3, { algorithm: 'kmeans', observations: 1_000_000 }, false)).toMatch(/interpreter: skipped above 100,000 observations/);
    expect(interpreterSkipReason(findStandaloneRuntime('wasmedge-interpreter')!, { algorithm: 'tree', rows: 10_000 }, false)).toMatch(/above 2,000 rows/);
    expect(interpreterSkipReason(wasm3, { algorithm: 'kmeans', observations: 1_000_000 }, true)).toBeNull();
    expect(interpreterSkipReason(findStandaloneRuntime('wasmtime')!, { algorithm: 'tree', rows: 300_000 }, false)).toBeNull();
  });
  it("keeps a row for every runtime the thesis measured; those that cannot run here say why", () => {
    for (const row of thesisRuntimes) expect(standaloneRuntimes.some((r) => r.thesisRow === row), row).toBe(true);
    expect(findStandaloneRuntime('wavm')!.neverHere).toMatch(/no WAVM package/);
    expect(findStandaloneRuntime('spin')!.neverHere).toMatch(/per HTTP request/);
  });

  it('gives the threaded wasmtime row its threads build and one rayon thread per CPU', () => {
    const threads = findStandaloneRuntime('wasmtime-threads')!;
    expect(threads.module).toBe('wasm-threads');
    expect(commandArgs(threads, { module: '/m/kmeans.threads.wasm' }, ['1000'], 8)).toEqual(['--env', 'RAYON_NUM_THREADS=8', '/m/kmeans.threads.wasm', '1000']);
    expect(commandArgs(findStandaloneRuntime('wasmtime')!, { module: '/m/kmeans.wasm' }, ['1000'], 8)).toEqual(['/m/kmeans.wasm', '1000']);
  });
});

function sample(runtime: string, index: number, wallMs: number, digest: string, extra: Partial<StandaloneSample> = {}): StandaloneSample {
  return {
    schema: 1, type: 'standalone-run', step: `run:${runtime}:w:sample:${index}`, runtime, workload: 'linreg-iris', phase: 'sample', index, outcome: 'ok',
    wallMs, userMs: wallMs * 0.9, sysMs: wallMs * 0.3, maxRssBytes: 50e6, vmPeakBytes: 4e9, vmHwmBytes: 50e6, exitCode: 0, signal: null,
    guest: { algorithm: 'linreg', n: 150, compute_ms: wallMs / 2, digest, result: {} }, error: null, at: '2026-12-02T00:00:00Z', ...extra,
  };
}

const env = {
  schema: 1, kind: 'standalone', createdAt: '', resumedAt: [], completedAt: 'x', command: [], label: 'runtimes-linreg-iris', settings: {},
  tool: { name: 'dockerwasm', version: '0', commit: null, dirty: null, node: 'v20' },
  host: { hostname: 'h', cpuModel: 'c', cpus: 2, memoryBytes: 1, kernel: 'k', platform: 'linux/x64', node: 'v20' },
  runtimes: ['native', 'wasmtime', 'wasm3', 'wavm'].map((name) => {
    const r = findStandaloneRuntime(name)!;
    return { name, label: r.label, thesisRow: r.thesisRow, kind: r.kind, module: r.module, available: name !== 'wavm', program: null, version: null, source: null, reason: name === 'wavm' ? r.neverHere! : null, untraced: null, description: r.description };
  }),
  skipped: [], workloads: [{ label: 'linreg-iris', algorithm: 'linreg', scale: null, args: [], samples: 3 }],
  modules: [], guest: { rustc: 'rustc', dataset: null }, meter: 'm', definitions: standaloneDefinitions,
} satisfies StandaloneEnvironment;

describe('the standalone summary', () => {
  const samples = [
    ...[10, 11, 12].map((ms, i) => sample('native', i, ms, 'd')),
    ...[40, 44, 42].map((ms, i) => sample('wasmtime', i, ms, 'd')),
    sample('wasm3', 0, 90, 'd'),
    sample('wasm3', 1, 95, 'other'),
    sample('wasm3', 2, 500, 'd', { outcome: 'timeout', error: 'killed at the per-sample timeout', guest: null }),
  ];
  const summary = summariseStandalone(env, samples);
  it('counts a different digest and a timeout as failures, never averaged in', () => {
    const wasm3 = summary.rows.find((r) => r.runtime === 'wasm3')!;
    expect(wasm3.n).toBe(1);
    expect(wasm3.time!.mean).toBe(90);
    expect(wasm3.failed.map((f) => f.outcome).sort()).toEqual(['digest-mismatch', 'timeout']);
  });
  it("gives CPU % of wall (may pass 100) and the thesis's share of all CPUs beside it", () => {
    const wasmtime = summary.rows.find((r) => r.runtime === 'wasmtime')!;
    expect(wasmtime.cpuPercent!.mean).toBeCloseTo(120, 6);
    expect(wasmtime.cpuSharePercent).toBeCloseTo(60, 6);
    expect(wasmtime.vsNative!.ratio).toBeGreaterThan(3.5);
  });
  it("puts our figures beside the thesis's Tables 10-12, and WAVM says it is not available here", () => {
    const tables = standaloneThesisTables(env, summary);
    expect(tables.map((t) => t.table)).toEqual([10, 11, 12]);
    const time = tables[0]!;
    expect(time.rows[0]![0]).toBe('native (Linux binary)');
    expect(time.rows.find((r) => r[0] === 'Wasmtime (JIT)')).toEqual(['Wasmtime (JIT)', expect.stringMatching(/^0\.04\d+ ± /), '0.0349']);
    expect(time.rows.find((r) => r[0] === 'WAVM')).toEqual(['WAVM', 'not available here', '4.6458']);
    expect(rankingLines(summary)[1]).toMatch(/^linreg-iris, thesis: Spin 0.0202 < WasmEdge 0.0282/);
    expect(standaloneThesisColumn({ algorithm: 'kmeans', scale: 1_000_000 })).toBe('kmeans-1000000');
    expect(standaloneThesisColumn({ algorithm: 'kmeans', scale: 5_000 })).toBeNull();
  });
});

describe('the process meter (real processes)', () => {
  it('reports exit code, CPU time, peak RSS and VmPeak of one child', async () => {
    const meter = await ensureProcessMeter();
    const run = await runMetered(meter, 'sh', ['-c', 'echo out; echo err >&2; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 3'], { timeoutMs: 20_000 });
    expect(run.stdout.trim()).toBe('out');
    expect(run.stderrTail).toBe('err');
    expect(run.meter).toMatchObject({ exitCode: 3, signal: null, timedOut: false, execError: null });
    expect(run.meter.userUs + run.meter.sysUs).toBeGreaterThan(0);
    expect(run.meter.maxRssKiB).toBeGreaterThan(100);
    expect(run.meter.vmPeakKiB).toBeGreaterThanOrEqual(run.meter.vmHwmKiB!);
  });
  it('kills a process at the timeout, and says when a program does not exist', async () => {
    const meter = await ensureProcessMeter();
    const slow = await runMetered(meter, 'sleep', ['30'], { timeoutMs: 300 });
    expect(slow.meter).toMatchObject({ timedOut: true, signal: 'KILL', exitCode: null });
    expect(slow.meter.wallNs / 1e6).toBeLessThan(5_000);
    const untraced = await runMetered(meter, 'sh', ['-c', 'exit 0'], { timeoutMs: 5_000, untraced: true });
    expect(untraced.meter).toMatchObject({ exitCode: 0, vmPeakKiB: null, note: expect.stringMatching(/--no-ptrace/) });
    const missing = await runMetered(meter, '/no/such/runtime', [], { timeoutMs: 1_000 });
    expect(missing.meter.execError).toMatch(/No such file/);
  });
});
