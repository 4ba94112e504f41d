// npm run bench [-- --quick]: measures the tool and the workloads. A full run writes bench/results/<date>.json
// and rewrites bench/README.md from it (plus the hand-written analysis in bench/analysis.md); a quick run
// writes its figures and a README of its own beside its raw runs under results/, leaving the committed ones alone.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CleanupRegistry } from '../src/engine/cleanup.js';
import { DockerEngine } from '../src/engine/docker-engine.js';
import { findToolchain } from '../src/guests/toolchain.js';
import type { Workload } from '../src/workloads/workload.js';
import { writeFileAtomic, writeJsonAtomic } from '../src/io/atomic-file.js';
import { paths } from '../src/io/project-paths.js';
import { probeRuntimes } from '../src/profiles/probe.js';
import { hostDescription } from '../src/host/host.js';
import { runtimeProfiles } from '../src/profiles/profiles.js';
import { monotonicMs } from '../src/io/clock.js';
import { buildSizeRows, ratioRows, runWorkloads, scalingTable, type BenchRun } from './experiments.js';
import { measureModuleVariants } from './module-variants.js';
import { measureOverhead } from './overhead.js';
import { overheadGoalMs, overheadRow, table18Row } from './wasm-at-best.js';
import { renderBenchReadme, type BenchResults } from './readme.js';

const quick = process.argv.includes('--quick');
const started = Date.now();
const say = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);

const plan = quick
  ? {
      overheadRuns: 8,
      sweeps: [
        { workloads: [1_000, 10_000, 100_000].map((observations): Workload => ({ algorithm: 'kmeans', observations })), samples: 2, warmup: 0 },
        { workloads: [{ algorithm: 'linreg', dataset: 'iris' } as Workload], samples: 2, warmup: 0 },
      ],
      variants: [{ algorithm: 'kmeans', observations: 20_000 }, { algorithm: 'linreg', dataset: 'iris' }] as Workload[],
      variantRuns: 2,
    }
  : {
      overheadRuns: 30,
      sweeps: [
        // K-Means is the workload with threads: Linux held to one thread and the threaded module beside the rest
        { workloads: [1_000, 10_000, 100_000, 1_000_000].map((observations): Workload => ({ algorithm: 'kmeans', observations })), samples: 5, warmup: 1, extra: { linuxOneThread: true, wasmThreads: true, allowMixedToolchains: true } },
        { workloads: [{ algorithm: 'linreg', dataset: 'iris' } as Workload], samples: 10, warmup: 1 },
        // a warm-up even here: the build unpacks only host-platform images, so the first container of a wasi/wasm
        // image waits for containerd to unpack its layer (create 141-361 ms against 12-30 ms after, 2026-12-06)
        { workloads: [10_000, 50_000, 100_000, 200_000, 308_854].map((rows): Workload => ({ algorithm: 'tree', rows })), samples: 3, warmup: 1 },
      ],
      variants: [{ algorithm: 'kmeans', observations: 200_000 }, { algorithm: 'linreg', dataset: 'iris' }, { algorithm: 'tree', rows: 50_000 }] as Workload[],
      variantRuns: 5,
    };

const engine = new DockerEngine();
await engine.ping();
const registry = new CleanupRegistry(engine);
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort());
const date = new Date().toISOString().slice(0, 10);
const scratch = mkdtempSync(join(tmpdir(), 'dockerwasm-bench-'));
const runsFolder = join(paths.results(), `bench-${date}${quick ? '-quick' : ''}-${Date.now().toString(36)}`);

try {
  const info = await engine.info();
  const toolchain = await findToolchain();
  const statuses = await probeRuntimes({ engine, info, builder: 'buildkit', registry, clock: monotonicMs }, runtimeProfiles);
  const working = runtimeProfiles.filter((p) => statuses.find((s) => s.name === p.name)?.probe?.ok);
  say(`runtimes: ${working.map((p) => p.name).join(', ')}`);

  say('harness overhead');
  const overhead = await measureOverhead({ engine, registry, profiles: working, runs: plan.overheadRuns, scratch, say });

  const runs: BenchRun[] = [];
  for (const sweep of plan.sweeps) {
    runs.push(...(await runWorkloads({ ...sweep, folder: runsFolder, engine, registry, toolchain, signal: controller.signal, say })));
  }
  const scaling = ['kmeans', 'tree'].map((algorithm) => scalingTable(runs, algorithm)).filter((t) => t.sizes.length > 1);
  const ratios = ratioRows(runs);
  const buildSize = buildSizeRows(runs);
  const moduleVariants = await measureModuleVariants({ workloads: plan.variants, toolchain, runs: plan.variantRuns, scratch, quick, say, engine: { engine, registry, cpus: info.cpus } });

  const atThesisSize = (algorithm: string) =>
    ratios.filter((r) => (r.thesisColumn !== null || quick) && r.workload.startsWith(algorithm) && r.computeRatio !== null);
  const best = (algorithm: string) => atThesisSize(algorithm).sort((a, b) => a.computeRatio! - b.computeRatio!)[0];
  const goals: BenchResults['goals'] = [];
  for (const algorithm of ['kmeans', 'linreg', 'tree']) {
    const top = best(algorithm);
    goals.push({
      goal: `guest compute Wasm/native <= 1.2 on the best runtime: ${algorithm}`,
      met: top ? top.computeRatio! <= 1.2 : null,
      detail: top ? `${top.computeRatio!.toFixed(2)}x on ${top.variant} (${top.workload})` : 'no run',
    });
  }
  for (const algorithm of ['kmeans', 'linreg']) {
    const row = buildSize.find((b) => b.workload.startsWith(algorithm) && b.image === 'wasm');
    goals.push({
      goal: `Wasm image <= 0.5x the Linux image (content): ${algorithm}`,
      met: row?.contentRatio != null ? row.contentRatio <= 0.5 : null,
      detail: row?.contentRatio != null ? `${row.contentRatio.toFixed(2)}x (plain module image; the AOT image is ${buildSize.find((b) => b.workload === row.workload && b.image === 'wasm-aot')?.contentRatio?.toFixed(2) ?? '-'}x)` : 'no run',
    });
  }
  const worstOverhead = [...overhead].sort((a, b) => b.ratio - a.ratio)[0];
  goals.push({
    goal: "the tool's time per sample within 5% of `docker run --rm`",
    met: worstOverhead ? worstOverhead.ratio <= 1.05 : null,
    detail: worstOverhead ? `worst ${worstOverhead.ratio.toFixed(3)}x (${worstOverhead.runtime}); best ${Math.min(...overhead.map((o) => o.ratio)).toFixed(3)}x` : 'no run',
  });
  // issue 14's goal: the best Wasm container no slower than Linux on each Table 18 column, and the wasmtime
  // shim's overhead within 50 ms of crun-wasmedge's
  for (const run of runs.filter((r) => r.results.thesisColumn !== null)) {
    const row = table18Row(run.results);
    goals.push({
      goal: `Table 18 ${row.column}: the best Wasm container no slower than Linux as deployed`,
      met: row.met,
      detail: row.best ? `${row.best.vsLinux.ratio.toFixed(2)}x [${row.best.vsLinux.ratioCi95.map((x) => x.toFixed(2)).join(', ')}] on ${row.best.variant} (${run.label})` : 'no Wasm run',
    });
    const overhead = overheadRow(run.results);
    goals.push({
      goal: `wasmtime shim overhead within ${overheadGoalMs} ms of crun-wasmedge's: ${run.label}`,
      met: overhead.met,
      detail: overhead.bestGapMs === null ? 'no run' : `${overhead.bestGapMs >= 0 ? '+' : ''}${overhead.bestGapMs.toFixed(0)} ms (${overhead.wasmtime.map((w) => `${w.variant} ${w.ms.toFixed(0)}`).join(', ')}; crun-wasmedge ${overhead.crunWasmedgeMs!.toFixed(0)})`,
    });
  }
  const tree100k = runs.find((r) => r.label === 'tree-rows100000');
  if (tree100k) {
    const variants = tree100k.results.document.summary.variants.filter((v) => v.name !== 'io.containerd.wasmtime.v1+cwasm').slice(0, 4);
    const perRound = variants.reduce((sum, v) => sum + (v.run?.mean ?? 0) + (v.remove?.mean ?? 0), 0);
    const builds = tree100k.results.document.summary.images.reduce((sum, i) => sum + (i.build?.mean ?? 0) * 26, 0);
    const estimate = (perRound * 26 + builds) / 60_000;
    goals.push({ goal: '`compare tree --rows 100000 --samples 25` (runc + 3 Wasm runtimes) under 15 min', met: estimate <= 15, detail: `estimated ${estimate.toFixed(1)} min from this run's means (26 rounds of ${(perRound / 1000).toFixed(1)} s, plus builds), guest builds not counted` });
  }

  const results: BenchResults = {
    schema: 2,
    date,
    mode: quick ? 'quick' : 'full',
    command: quick ? 'npm run bench -- --quick' : 'npm run bench',
    durationSeconds: (Date.now() - started) / 1000,
    environment: {
      engine: `Docker ${info.serverVersion} (API ${info.apiVersion}), containerd ${info.containerdVersion}, ${info.imageStore} image store`,
      // the engine runs on this machine; Wasm/native ratios moved with its CPU model (a Xeon against an EPYC), so it is kept
      host: `${info.cpus} CPUs (${hostDescription().cpuModel}), ${(info.memoryBytes / 2 ** 30).toFixed(1)} GiB, kernel ${info.kernel}`,
      runtimes: working.map((p) => p.name),
      base: runs[0]?.results.env.base.description ?? '-',
    },
    overhead,
    scaling,
    ratios,
    buildSize,
    moduleVariants,
    goals,
  };
  // a full run is the committed record (bench/results/, bench/README.md); a quick check writes beside its raw
  // runs under results/ (ignored by git), so it never replaces the full run's figures
  const resultsFile = quick ? join(runsFolder, 'bench-quick.json') : join(import.meta.dirname, 'results', `${date}.json`);
  mkdirSync(dirname(resultsFile), { recursive: true });
  await writeJsonAtomic(resultsFile, results);
  if (quick) {
    await writeFileAtomic(join(runsFolder, 'README.md'), renderBenchReadme(results, undefined));
  } else {
    const analysisFile = join(import.meta.dirname, 'analysis.md');
    const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : undefined;
    await writeFileAtomic(join(import.meta.dirname, 'README.md'), renderBenchReadme(results, analysis));
  }
  say(`wrote ${resultsFile} and ${quick ? join(runsFolder, 'README.md') : 'bench/README.md'}; raw runs in ${runsFolder}`);
  for (const goal of goals) say(`goal: ${goal.goal}: ${goal.met === null ? 'not measured' : goal.met ? 'MET' : 'NOT MET'} (${goal.detail})`);
} finally {
  await registry.disposeAll();
}
