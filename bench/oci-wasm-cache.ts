// What an OCI Wasm image saves the wasmtime shim: the same module as an OCI Wasm image (its layer the
// module, precompiled on the first run and cached in containerd's content store by our shim's compiler
// hook) and as an ordinary image (the module a file in a filesystem layer, compiled at every start), each
// run `--runs` times, interleaved, under containerd-shim-wasmtime-v1. Through the engine's own containerd
// with `ctr`, not through Docker: Docker 26.1 does not tell containerd which image a container runs, so the
// shim cannot find the Wasm layer there (runwasi issue #460; moby 27.0 does, with the containerd image store). The first run of the OCI
// Wasm image (compile + store) is reported apart. Beside them, on the same path, crun's WasmEdge handler runs
// the WasmEdge AOT module from an ordinary image (what the crun-wasmedge profile runs through Docker), the
// yardstick of the goal "wasmtime shim overhead within 50 ms of crun-wasmedge's". Every run's digest must
// equal the native binary's. Overhead = time from `ctr run` to its exit - the guest's own compute.
// Writes bench/results/<date>-oci-wasm-cache.json (small inputs), or with --table18 the thesis's Table 18 columns to
// <date>-oci-wasm-cache-table18.json. Usage: node --import tsx bench/oci-wasm-cache.ts [--runs N] [--table18]
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { mean, median } from 'simple-statistics';
import { guestArguments, workloadLabel, type Workload } from '../src/config/settings.js';
import { ContainerdNamespace } from '../src/engine/containerd-namespace.js';
import { labelsFor } from '../src/engine/labels.js';
import { runtimeProfiles } from '../src/config/runtime-profiles.js';
import { ociWasmLayout, type OciWasmImageForm } from '../src/engine/oci-wasm-image.js';
import { messageOf } from '../src/errors.js';
import { hostDescription, localRuntimeVersions } from '../src/experiment/host.js';
import { buildGuest } from '../src/guests/build-guest.js';
import { findToolchain } from '../src/guests/toolchain.js';
import { writeJsonAtomic } from '../src/io/atomic-file.js';
import { monotonicMs } from '../src/io/clock.js';
import { parseGuestResult } from '../src/results/records.js';
import type { OciCacheArmSummary, OciCacheRow } from './oci-wasm-cache-row.js';

const runtime = 'io.containerd.wasmtime.v1';
// the crun-wasmedge profile's handler, through containerd's runc shim with crun as its OCI runtime
const crunProfile = runtimeProfiles.find((p) => p.name === 'crun-wasmedge')!;
const crun = { runtime: 'io.containerd.runc.v2', runcBinary: '/usr/bin/crun', annotations: crunProfile.annotations ?? {} };
const table18 = process.argv.includes('--table18');
const workloads: Workload[] = table18
  ? [
      { algorithm: 'kmeans', observations: 1_000_000 },
      { algorithm: 'linreg', dataset: 'iris' },
      { algorithm: 'tree', rows: 100_000 },
      { algorithm: 'tree', rows: 308_854 },
    ]
  : [
      { algorithm: 'linreg', dataset: 'iris' },
      { algorithm: 'kmeans', observations: 1_000 },
      { algorithm: 'tree', rows: 10_000 },
    ];
/** the wasmtime shim on each image form, and crun-wasmedge on the AOT module in an ordinary image */
type Arm = OciWasmImageForm | 'crun-wasmedge';
const arms: Arm[] = ['wasm-layer', 'file', 'crun-wasmedge'];

interface Run {
  workload: string;
  arm: Arm;
  index: number;
  wallMs: number;
  computeMs: number;
  /** the guest's whole main, as it measures it (absent from guests that do not report it) */
  mainMs: number | null;
  digest: string;
}

function fail(message: string): never {
  process.stderr.write(`bench:oci-wasm: ${message}\n`);
  process.exit(1);
}

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
if (!Number.isInteger(runs) || runs < 2 || runs > 100) fail('--runs takes a whole number from 2 to 100');
if (!existsSync(crun.runcBinary)) fail(`${crun.runcBinary} is missing: the crun-wasmedge arm needs crun (scripts/provision-engine.sh installs it)`);

let namespace: ContainerdNamespace;
try {
  namespace = new ContainerdNamespace();
} catch (error) {
  fail(messageOf(error));
}
// Ctrl-C: what the namespace holds is removed before exiting (ctr's own container gets the signal too)
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('bench:oci-wasm: interrupted; removing its containerd namespace\n');
    void namespace.remove().then((left) => {
      if (left.length > 0) process.stderr.write(`bench:oci-wasm: left behind: ${left.join('; ')}\n`);
      process.exit(130);
    });
  });
}

const samples: Run[] = [];
const precompiled: Record<string, number> = {};
try {
  const toolchain = await findToolchain();
  for (const workload of workloads) {
    const label = workloadLabel(workload);
    const build = await buildGuest(workload, { toolchain, onProgress: (line) => process.stderr.write(`  ${line}\n`) });
    const args = guestArguments(workload);
    const native = parseGuestResult(String((await execa(build.pathOf('native')!, args, { reject: false })).stdout));
    if (native === null) throw new Error(`${label}: the native binary printed no result line`);
    const module = await readFile(build.pathOf('wasm')!);
    const aotPath = build.pathOf('wasmedge-aot');
    if (aotPath === undefined) throw new Error(`${label}: no WasmEdge AOT module was built (is \`wasmedge\` on PATH?), so crun-wasmedge cannot run`);
    const aotModule = await readFile(aotPath);
    const images: Partial<Record<Arm, { reference: string; platform: string; layerDigest: string }>> = {};
    for (const arm of arms) {
      const reference = `docker.io/dockerwasm/bench-${workload.algorithm}:${arm}-${process.pid}`;
      const image = arm === 'crun-wasmedge' ? { form: 'file' as const, module: aotModule } : { form: arm, module };
      const layout = await ociWasmLayout({ ...image, fileName: `${workload.algorithm}.wasm`, reference, labels: labelsFor('test') });
      await namespace.importImage(layout.tar);
      images[arm] = { reference, platform: layout.platform, layerDigest: layout.layerDigest };
    }
    // index 0 is the first run of each arm: the OCI Wasm image's compiles the module and stores it
    for (let index = 0; index <= runs; index++) {
      for (const arm of index % 2 === 0 ? arms : [...arms].reverse()) {
        const { reference, platform } = images[arm]!;
        const how = arm === 'crun-wasmedge' ? crun : { runtime };
        const started = monotonicMs();
        const run = await namespace.run({ ...how, reference, platform, id: `${namespace.name}-${label}-${arm}-${index}`, args: [`/${workload.algorithm}.wasm`, ...args], labels: labelsFor('test') });
        const wallMs = monotonicMs() - started;
        const guest = parseGuestResult(run.stdout);
        if (!run.ok || guest === null) throw new Error(`${label} ${arm} run ${index}: ${run.ok ? 'no result line' : run.error}`);
        if (guest.digest !== native.digest) throw new Error(`${label} ${arm} run ${index}: digest ${guest.digest.slice(0, 12)} where native has ${native.digest.slice(0, 12)}`);
        samples.push({ workload: label, arm, index, wallMs, computeMs: guest.compute_ms, mainMs: guest.main_ms ?? null, digest: guest.digest });
        process.stderr.write(`${label} ${arm} ${index === 0 ? 'first' : `run ${index}`}: ${(wallMs / 1000).toFixed(3)} s, overhead ${((wallMs - guest.compute_ms) / 1000).toFixed(3)} s\n`);
      }
    }
    // the compiled module the shim stored, labelled with the Wasm layer it was made from
    const original = `/original=${images['wasm-layer']!.layerDigest}`;
    precompiled[label] = (await namespace.content()).filter((line) => line.includes('runwasi.io/precompiled/wasmtime/') && line.includes(original)).length;
    if (precompiled[label] !== 1) throw new Error(`${label}: the shim stored ${precompiled[label]} precompiled modules for the OCI Wasm image, not 1, so its runs were not cached ones`);
  }
} catch (error) {
  const left = await namespace.remove();
  fail(`${messageOf(error)}${left.length > 0 ? ` (left behind: ${left.join('; ')})` : ''}`);
}
const left = await namespace.remove();
if (left.length > 0) fail(`left behind: ${left.join('; ')}`);

const rows = workloads.map((workload): OciCacheRow => {
  const label = workloadLabel(workload);
  const of = (arm: Arm, first: boolean) => samples.filter((s) => s.workload === label && s.arm === arm && (s.index === 0) === first);
  const overhead = (list: Run[]) => list.map((s) => s.wallMs - s.computeMs);
  const outside = (list: Run[]) => (list.every((s) => s.mainMs !== null) ? median(list.map((s) => s.wallMs - s.mainMs!)) : null);
  const summary = (list: Run[]): OciCacheArmSummary => ({
    n: list.length,
    wallMsMedian: median(list.map((s) => s.wallMs)),
    overheadMsMedian: median(overhead(list)),
    overheadMsMean: mean(overhead(list)),
    outsideMsMedian: outside(list),
  });
  return {
    workload: label,
    precompiledModulesStored: precompiled[label] ?? 0,
    ociFirstRun: { wallMs: of('wasm-layer', true)[0]!.wallMs, overheadMs: overhead(of('wasm-layer', true))[0]! },
    ociCached: summary(of('wasm-layer', false)),
    ordinary: summary(of('file', false)),
    crunWasmedge: summary(of('crun-wasmedge', false)),
  };
});
const date = new Date().toISOString().slice(0, 10);
const out = join(import.meta.dirname, 'results', `${date}-oci-wasm-cache${table18 ? '-table18' : ''}.json`);
await writeJsonAtomic(out, {
  command: `npm run bench:oci-wasm -- --runs ${runs}${table18 ? ' --table18' : ''}`,
  date,
  runtime,
  host: hostDescription(),
  versions: await localRuntimeVersions(),
  path: `${String((await execa('ctr', ['--version'])).stdout).trim()} against ${namespace.socket}`,
  definitions: {
    wallMs: '`ctr run --rm` from start to exit, monotonic clock (ctr, containerd, the shim and the guest)',
    overheadMs: 'wallMs - the guest\'s own compute (load + fit + predict, measured inside it)',
    outsideMs: "wallMs - the guest's whole main as it measures it: ctr, containerd, the shim, module load and instantiation, without the guest's own work around the compute (the digest of its output)",
    ociFirstRun: "the OCI Wasm image's first run: the shim compiles the module and stores it in containerd's content store",
    crunWasmedge: "crun's WasmEdge handler (`ctr run --runtime io.containerd.runc.v2 --runc-binary /usr/bin/crun --annotation run.oci.handler=wasm`) on the WasmEdge AOT module in an ordinary image; its first run is left out like the others'",
  },
  rows,
  samples,
});
const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const signedMs = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(0)} ms`;
console.log('| workload | wasmtime shim, ordinary image: overhead (median) | OCI Wasm image, first run | OCI Wasm image, cached (median) | saved | crun-wasmedge, AOT (median) | cached - crun-wasmedge |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const cached = r.ociCached.overheadMsMedian;
  console.log(
    `| ${r.workload} | ${seconds(r.ordinary.overheadMsMedian)} | ${seconds(r.ociFirstRun.overheadMs)} | ${seconds(cached)} | ${seconds(r.ordinary.overheadMsMedian - cached)} | ${seconds(r.crunWasmedge.overheadMsMedian)} | ${signedMs(cached - r.crunWasmedge.overheadMsMedian)} |`,
  );
}
console.error(`wrote ${out}`);
