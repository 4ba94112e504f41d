import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWithReport } from '../../src/cli/run-command.js';
import type { Ui } from '../../src/cli/ui.js';
import { compareBase, compareKind } from '../../src/compare/kind.js';
import type { CompareSettings as ExperimentSettings } from '../../src/config/compare-settings.js';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { probeOutput } from '../../src/engine/probe/probe-payloads.js';
import type { ContainerSpec } from '../../src/engine/types.js';
import type { Flavour } from '../../src/flavours/flavours.js';
import type { Calibration } from '../../src/host/host-load.js';
import { mainTable, resultNotes } from '../../src/report/compare/tables.js';
import type { LoadedCompare } from '../../src/report/load-results.js';
import { readSamples } from '../../src/results/sample-log.js';
import { newRun, resumedRun } from '../../src/run/run-experiment.js';
import { FakeEngine, guestLine, type RunBehaviour } from '../fakes/fake-engine.js';
import { fakeGuestBuild } from '../fakes/fake-guest.js';

const settings: ExperimentSettings = {
  workload: { algorithm: 'linreg', dataset: 'iris' },
  samples: 3,
  warmup: 1,
  seed: 42,
  runtimes: 'all',
  wasmtimePrecompiled: false,
  linuxOneThread: false,
  wasmThreads: false,
  builder: 'auto',
  noCacheBuilds: false,
  timeoutSeconds: 60,
  base: 'alpine:3.20',
  watchMemory: true,
  form: 'prebuilt',
  inlineThreshold: 'default',
  allowMixedToolchains: false,
};

/** runc 100 ms, crun-wasmedge 80 ms, wasmtime 300 ms; shims other than wasmtime are missing */
function engineWith(overrides: Record<string, RunBehaviour> = {}) {
  const engine = new FakeEngine();
  engine.images.set('alpine:3.20', { id: 'sha256:alpine', labels: {} });
  const runMs: Record<string, number> = { runc: 100, crun: 80, 'io.containerd.wasmtime.v1': 300 };
  engine.behaviours.default = (spec: ContainerSpec) => {
    const runtime = spec.runtime ?? 'runc';
    if (!(runtime in runMs)) return { startError: `failed to start shim: binary not installed "containerd-shim-${runtime}"` };
    if (spec.image.startsWith('dockerwasm/probe')) return { stdout: `${probeOutput}\n`, runMs: 5 };
    return overrides[runtime] ?? { stdout: `${guestLine({ compute_ms: runtime === 'runc' ? 40 : 50 })}\n`, runMs: runMs[runtime] };
  };
  return engine;
}

async function run(
  engine: FakeEngine,
  options: { dir?: string; resume?: boolean; signal?: AbortSignal; recovery?: number; settings?: ExperimentSettings; calibrate?: () => Promise<Calibration>; flavours?: Flavour[] } = {},
) {
  const dir = options.dir ?? join(mkdtempSync(join(tmpdir(), 'dockerwasm-results-')), 'run');
  const registry = new CleanupRegistry(engine);
  const warnings: string[] = [];
  const signal = options.signal ?? new AbortController().signal;
  const ui: Ui = { info: () => undefined, warn: (line) => warnings.push(line), data: () => undefined, bar: () => ({ tick: () => undefined, stop: () => undefined }) };
  const kind = compareKind({
    keepImages: false,
    engine,
    registry,
    clock: engine.clock.read,
    signal,
    progress: ui,
    buildGuest: async () => fakeGuestBuild('linreg', options.flavours),
    calibrate: options.calibrate ?? (async () => ({ ms: 100, stealPercent: 0, mhz: 2600 })),
    engineRecoverySeconds: options.recovery ?? 5,
    cpuAccounting: engine.cpuAccounting,
  });
  try {
    const given = options.settings ?? settings;
    const place = options.resume ? resumedRun(compareBase, dir, given as unknown as Record<string, unknown>) : newRun(dir, given);
    const { report } = await runWithReport(kind, place, ui, { signal });
    const results = report.results[0] as LoadedCompare;
    return { dir, warnings, document: results.document, env: results.env };
  } finally {
    await registry.disposeAll();
  }
}

describe('an experiment against the fake engine', () => {
  it('builds, sizes and runs every variant in the plan, and writes every result file', async () => {
    const engine = engineWith();
    const { dir, document, env } = await run(engine);
    for (const file of ['env.json', 'samples.jsonl', 'summary.json', 'summary.csv', 'summary.md']) expect(existsSync(join(dir, file))).toBe(true);
    expect(env.variants.map((v) => v.name)).toEqual(['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1']);
    expect(env.skippedRuntimes.map((s) => s.name)).toEqual(['io.containerd.wasmedge.v1', 'io.containerd.spin.v2', 'io.containerd.slight.v1']);
    expect(env.skippedRuntimes[0]!.reason).toBe("containerd-shim-wasmedge-v1 not found on dockerd's PATH");

    const { records } = readSamples(dir, 'compare');
    const runs = records.filter((r) => r.type === 'run');
    expect(runs).toHaveLength(3 * (1 + 3));
    expect(records.filter((r) => r.type === 'size')).toHaveLength(3);
    expect(records.filter((r) => r.type === 'build')).toHaveLength(3 * (1 + 1 + 3));

    const summary = document.summary;
    const runc = summary.variants.find((v) => v.name === 'runc')!;
    expect(runc.samples).toBe(3);
    expect(runc.run!.mean).toBe(10 + 20 + 100);
    expect(runc.compute!.mean).toBe(40);
    expect(runc.overhead!.mean).toBe(90);
    const wasmtime = summary.comparisons.find((c) => c.variant === 'io.containerd.wasmtime.v1')!;
    expect(wasmtime.run!.ratioOfMeans).toBeCloseTo(330 / 130, 9);
    expect(document.complete).toBe(true);
    expect(engine.containers.size).toBe(0);
    expect([...engine.images.keys()]).toEqual(['alpine:3.20']);
  });

  it('says how many CPUs a variant kept busy only from the CPU time its cgroup measured, never from the pool size the guest reports', async () => {
    const engine = engineWith({
      // runc: 130 ms from create to exit (10 + 20 + 100), 240 ms of CPU: 1.85 CPUs busy
      runc: { stdout: `${guestLine({ compute_ms: 40, threads: 2 })}\n`, runMs: 100, cpuMs: 240 },
      crun: { stdout: `${guestLine({ compute_ms: 60, threads: 1 })}\n`, runMs: 120, cpuMs: 150 },
    });
    const { dir, document } = await run(engine);
    const runc = document.summary.variants.find((v) => v.name === 'runc')!;
    expect(runc.cpu!.mean).toBe(240);
    expect(runc.parallelism!.mean).toBeCloseTo(240 / 130, 12);
    const lines = resultNotes(document.summary);
    expect(lines.find((l) => l.startsWith('crun-wasmedge'))).toMatch(/kept 1\.00 CPUs busy on average over the run \(CPU time \/ run time\), Linux's 1\.85\./);
    // wasmtime's cgroup gave no reading: no claim about its CPUs, and none about threads from the pool size
    expect(lines.find((l) => l.startsWith('io.containerd.wasmtime.v1'))).not.toMatch(/CPUs|threads/);
    expect(lines.join('\n')).not.toMatch(/threads/);
    const records = readSamples(dir, 'compare').records.filter((r) => r.type === 'run' && r.phase === 'sample' && r.variant === 'io.containerd.wasmtime.v1');
    expect(records.every((r) => r.type === 'run' && r.cpu === null)).toBe(true);
    expect(engine.liveCgroups.size).toBe(0);
  });

  it('--linux-one-thread: the Linux image held to one thread runs as its own variant, and each Wasm variant is compared with both baselines', async () => {
    const engine = engineWith();
    const plain = engine.behaviours.default as (spec: ContainerSpec) => RunBehaviour;
    const envs: string[][] = [];
    engine.behaviours.default = (spec: ContainerSpec) => {
      if (spec.env) envs.push(spec.env);
      // one thread: 200 ms instead of runc's 100
      return spec.env?.includes('RAYON_NUM_THREADS=1') ? { stdout: `${guestLine({ compute_ms: 80 })}\n`, runMs: 200 } : plain(spec);
    };
    const { document } = await run(engine, { settings: { ...settings, linuxOneThread: true } });
    const summary = document.summary;
    expect(summary.variants.map((v) => v.name)).toEqual(['runc', 'runc+1thread', 'crun-wasmedge', 'io.containerd.wasmtime.v1']);
    expect(new Set(envs.map((e) => e.join()))).toEqual(new Set(['RAYON_NUM_THREADS=1']));
    const crun = summary.comparisons.find((c) => c.variant === 'crun-wasmedge')!;
    // crun 130 ms (10 + 20 + 80... as the fake adds create and start) against runc 130 and the one-thread 230
    expect(crun.run!.ratio).toBeCloseTo(110 / 130, 9);
    expect(crun.sameThreads!.run!.ratio).toBeCloseTo(110 / 230, 9);
    expect(crun.sameThreads!.baseline).toBe('runc+1thread');
    expect(summary.comparisons.find((c) => c.variant === 'runc+1thread')!.sameThreads).toBeUndefined();
    const table = mainTable(summary);
    expect(table.head).toContain('run vs Linux, 1 thread [95% CI]');
    expect(table.rows.find((r) => r[0] === 'Linux (runc+1thread)')![7]).toBe('baseline');
    const notes = resultNotes(summary);
    expect(notes[0]).toMatch(/^Two Linux baselines: "as deployed" is runc/);
    expect(notes.find((l) => l.startsWith('crun-wasmedge'))).toMatch(/Against Linux held to one thread \(the same threads\): run 0\.48x/);
  });

  it('--wasm-threads: the threaded module runs under every Wasm runtime with RAYON_NUM_THREADS = the CPUs; one without wasi-threads records its error and the run goes on', async () => {
    const engine = engineWith();
    const plain = engine.behaviours.default as (spec: ContainerSpec) => RunBehaviour;
    engine.behaviours.default = (spec: ContainerSpec) => {
      if (!spec.image.includes('-wasm-threads')) return plain(spec);
      expect(spec.env).toEqual(['RAYON_NUM_THREADS=2']);
      return spec.runtime === 'crun'
        ? { stderr: 'When linking module: "env" , memory name: "memory"\nunknown import', exitCode: 1, runMs: 20 }
        : { stdout: `${guestLine({ compute_ms: 30, threads: 2 })}\n`, runMs: 90 };
    };
    const { document, warnings } = await run(engine, {
      settings: { ...settings, wasmThreads: true, linuxOneThread: true },
      flavours: ['native', 'wasm', 'wasmedge-aot', 'wasm-threads', 'wasmedge-threads-aot'],
    });
    const summary = document.summary;
    // a WasmEdge runtime gets the threaded module AOT-compiled for WasmEdge; the wasmtime shim the plain one
    expect(summary.variants.find((v) => v.name === 'crun-wasmedge+threads')!.image).toBe('wasm-threads-aot');
    expect(summary.variants.find((v) => v.name === 'io.containerd.wasmtime.v1+threads')!.image).toBe('wasm-threads');
    expect(summary.variants.map((v) => v.name)).toEqual([
      'runc', 'runc+1thread', 'crun-wasmedge', 'crun-wasmedge+threads', 'io.containerd.wasmtime.v1', 'io.containerd.wasmtime.v1+threads',
    ]);
    const crunThreads = summary.variants.find((v) => v.name === 'crun-wasmedge+threads')!;
    expect(crunThreads.samples).toBe(0);
    expect(crunThreads.failed).toHaveLength(3);
    expect(warnings.some((w) => /crun-wasmedge\+threads.*unknown import/.test(w))).toBe(true);
    expect(crunThreads.failed[0]!.error).toMatch(/^exited with code 1: crun-wasmedge has no wasi-threads \(WasmEdge dropped the wasi-threads proposal \(WasmEdge#2273\)/);
    const threaded = summary.comparisons.find((c) => c.variant === 'io.containerd.wasmtime.v1+threads')!;
    expect(threaded.run!.ratio).toBeCloseTo(120 / 130, 9);
    // the threads of runc as deployed: never compared with the one-thread baseline
    expect(threaded.sameThreads).toBeUndefined();
    expect(summary.comparisons.find((c) => c.variant === 'io.containerd.wasmtime.v1')!.sameThreads).toBeDefined();
    expect(resultNotes(summary).join('\n')).toMatch(/Threaded Wasm: crun-wasmedge\+threads, io.containerd.wasmtime.v1\+threads run the module built for wasm32-wasip1-threads with RAYON_NUM_THREADS=2/);
    expect(engine.containers.size).toBe(0);
  });

  it('--wasm-threads without a threaded module says how to get one, and runs the rest', async () => {
    const { document, warnings } = await run(engineWith(), { settings: { ...settings, wasmThreads: true } });
    expect(document.summary.variants.map((v) => v.name)).toEqual(['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1']);
    expect(warnings.filter((w) => w.startsWith('--wasm-threads'))).toEqual([expect.stringMatching(/no wasm32-wasip1-threads module was built; install it with `rustup target add wasm32-wasip1-threads`/)]);
  });

  it('counts a Wasm sample whose digest differs from the native one as failed, never averaged in', async () => {
    const engine = engineWith({ 'io.containerd.wasmtime.v1': { stdout: guestLine({ digest: 'other' }), runMs: 300 } });
    const { document, warnings } = await run(engine);
    const wasmtime = document.summary.variants.find((v) => v.name === 'io.containerd.wasmtime.v1')!;
    expect(wasmtime.samples).toBe(0);
    expect(wasmtime.run).toBeNull();
    expect(wasmtime.failed.every((f) => f.outcome === 'digest-mismatch')).toBe(true);
    expect(document.summary.warnings.join('\n')).toMatch(/io.containerd.wasmtime.v1: 3 of 3 samples failed \(digest-mismatch\)/);
    expect(warnings.some((w) => /digest differs/.test(w))).toBe(true);
  });

  it("records a guest that exits non-zero with its stderr's tail", async () => {
    const engine = engineWith({ crun: { exitCode: 1, stderr: "thread 'main' panicked at src/main.rs:3" } });
    const { dir, document } = await run(engine);
    const failed = readSamples(dir, 'compare').records.filter((r) => r.type === 'run' && r.variant === 'crun-wasmedge');
    expect(failed.every((r) => r.type === 'run' && r.outcome === 'exit-code' && /panicked/.test(r.stderrTail))).toBe(true);
    expect(document.summary.variants.find((v) => v.name === 'crun-wasmedge')!.samples).toBe(0);
  });

  it('resumes an interrupted run without measuring any step twice', async () => {
    const engine = engineWith();
    const controller = new AbortController();
    let created = 0;
    const original = engine.createContainer.bind(engine);
    engine.createContainer = async (spec) => {
      if (!spec.image.startsWith('dockerwasm/probe') && ++created === 6) controller.abort();
      return original(spec);
    };
    const dir = join(mkdtempSync(join(tmpdir(), 'dockerwasm-results-')), 'run');
    await expect(run(engine, { dir, signal: controller.signal })).rejects.toMatchObject({ code: 'INTERRUPTED' });
    const partial = readSamples(dir, 'compare');
    expect(partial.skipped).toEqual([]);
    // the 6th container had already finished when the loop saw the signal: its sample is kept
    expect(partial.records.filter((r) => r.type === 'run').length).toBe(6);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).complete).toBe(false);
    expect(engine.containers.size).toBe(0);

    const resumed = await run(engineWith(), { dir, resume: true });
    const steps = readSamples(dir, 'compare').records.flatMap((r) => ('step' in r ? [r.step] : []));
    expect(new Set(steps).size).toBe(steps.length);
    expect(steps.filter((s) => s.startsWith('run:'))).toHaveLength(12);
    expect(resumed.document.complete).toBe(true);
    expect(resumed.env.resumedAt).toHaveLength(1);
  });

  it('refuses to resume a directory with other settings, listing the differences', async () => {
    const engine = engineWith();
    const { dir } = await run(engine);
    await expect(run(engineWith(), { dir, resume: true, settings: { ...settings, samples: 5 } })).rejects.toMatchObject({
      code: 'USAGE',
      details: ['samples: started with 3, now 5'],
    });
  });

  it('records the sample an engine outage interrupts as failed, waits for the engine and goes on', async () => {
    const engine = engineWith();
    engine.downAfterCreates = 8; // probes take 3 creates, then a few runs
    const originalPing = engine.ping.bind(engine);
    engine.ping = async () => {
      if (engine.down) setTimeout(() => (engine.down = false), 10);
      return originalPing();
    };
    const { dir, warnings, document } = await run(engine, { recovery: 10 });
    const records = readSamples(dir, 'compare').records.filter((r) => r.type === 'run');
    expect(records.filter((r) => r.type === 'run' && r.outcome === 'engine-unavailable')).toHaveLength(1);
    expect(records).toHaveLength(12);
    expect(warnings.some((w) => /engine stopped answering/.test(w))).toBe(true);
    expect(document.complete).toBe(true);
  });

  it('stops with what it measured when the engine does not come back', async () => {
    const engine = engineWith();
    engine.downAfterCreates = 8;
    const dir = join(mkdtempSync(join(tmpdir(), 'dockerwasm-results-')), 'run');
    await expect(run(engine, { dir, recovery: 1 })).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).complete).toBe(false);
    expect(readSamples(dir, 'compare').records.filter((r) => r.type === 'run').length).toBeGreaterThan(0);
  });

  it('marks the samples measured while another live run used the engine, and warns in the report', async () => {
    const engine = engineWith();
    // an image of another experiment whose process (this test's parent) is alive on this host
    const other = `${hostname()}:${process.ppid}`;
    engine.images.set('dockerwasm/other-run:1', { id: 'sha256:other', labels: { dockerwasm: 'true', 'dockerwasm.kind': 'experiment', 'dockerwasm.owner': other, 'dockerwasm.run': 'other-run' } });
    const { dir, document, warnings } = await run(engine);
    const measured = readSamples(dir, 'compare').records.flatMap((r) => (r.type === 'build' || r.type === 'run' ? [r] : []));
    expect(measured.every((r) => r.otherRuns?.[0] === `other-run (${other})`)).toBe(true);
    expect(document.summary.otherRuns).toEqual([`other-run (${other})`]);
    expect(document.summary.warnings).toContain(`runc: 3 of 3 samples were measured while another dockerwasm run used this engine (other-run (${other})); they shared the machine and are not comparable with the rest`);
    expect(warnings.filter((w) => /another dockerwasm run is using this engine/.test(w))).toHaveLength(1);
  });

  it('records that no other run shared the engine when none did', async () => {
    const { dir, document } = await run(engineWith());
    expect(readSamples(dir, 'compare').records.every((r) => (r.type !== 'build' && r.type !== 'run') || (r.otherRuns !== undefined && r.otherRuns.length === 0))).toBe(true);
    expect(document.summary.otherRuns).toEqual([]);
  });

  it('runs the calibration at the start, after each round and at the end, and reports drift that happens mid-run', async () => {
    const times = [100, 101, 99, 180];
    const steady = await run(engineWith());
    expect(steady.document.summary.host!.calibrationMs).toEqual([100, 100, 100, 100]);
    expect(steady.document.summary.warnings.join('\n')).not.toMatch(/drifted/);
    expect(resultNotes(steady.document.summary).join('\n')).toMatch(/The host during the samples: calibration 100\.0 ms mean over 4, slowest \/ fastest 1\.00x[;.]/);

    const { dir, document } = await run(engineWith(), { calibrate: async () => ({ ms: times.shift()!, stealPercent: 0.1, mhz: 2600 }) });
    const calibrations = readSamples(dir, 'compare').records.filter((r) => r.type === 'calibration');
    expect(calibrations.map((c) => (c.type === 'calibration' ? `${c.point}:${c.index}` : ''))).toEqual(['start:-1', 'round:0', 'round:1', 'end:2']);
    expect(document.summary.warnings.join('\n')).toMatch(/the host's speed drifted during this run: the calibration took 99\.0 ms after round 2 and 180\.0 ms at the end \(1\.82x, limit 1\.25x\)/);
  });

  it('refuses runtimes asked for by name that cannot run, with the reason', async () => {
    const engine = engineWith();
    await expect(run(engine, { settings: { ...settings, runtimes: ['io.containerd.spin.v2'] } })).rejects.toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
      message: expect.stringContaining("containerd-shim-spin-v2 not found on dockerd's PATH"),
    });
  });
});
