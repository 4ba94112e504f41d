// What an OCI Wasm image saves the wasmtime shim: the same module as an OCI Wasm image (its layer the
// module, precompiled on the first run and cached in containerd's content store by our shim's compiler
// hook) and as an ordinary image (the module a file in a filesystem layer, compiled at every start), each
// run `--runs` times, interleaved, under containerd-shim-wasmtime-v1. The first run of the OCI Wasm image
// (compile + store) is reported apart. Beside them, on the same path, crun's WasmEdge handler runs the WasmEdge
// AOT module from an ordinary image (what the crun-wasmedge profile runs), the yardstick of the goal "wasmtime
// shim overhead within 50 ms of crun-wasmedge's". Every run's digest must equal the native binary's.
// Overhead = run time - the guest's own compute.
// Two paths: by default the engine's own containerd with `ctr` (Docker 26.1 does not tell containerd which
// image a container runs, so the shim cannot find the Wasm layer through it: runwasi issue #460; moby 27.0
// does, with the containerd image store); with --docker, the Docker engine the CLI resolves (DOCKER_HOST),
// which must be 27 or newer, through its API (`POST /images/load`, create, start, wait).
// Writes bench/results/<date>-oci-wasm-{cache,docker}.json (small inputs), or with --table18 the thesis's
// Table 18 columns to <date>-oci-wasm-{cache,docker}-table18.json.
// Usage: node --import tsx bench/oci-wasm-cache.ts [--runs N] [--table18] [--docker]
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { mean, median } from 'simple-statistics';
import { guestArguments, workloadLabel, type Workload } from '../src/workloads/workload.js';
import { CleanupRegistry } from '../src/engine/cleanup.js';
import { compiledModulesOf, ContainerdNamespace, engineContainerdSocket, isCompiledFrom } from '../src/engine/containerd-namespace.js';
import { DockerEngine } from '../src/engine/docker-engine.js';
import { labelsFor } from '../src/engine/labels.js';
import { runtimeProfiles } from '../src/profiles/profiles.js';
import { ociWasmLayout, type OciWasmImageForm } from '../src/engine/oci-wasm-image.js';
import { runContainer } from '../src/engine/run-container.js';
import { messageOf } from '../src/errors.js';
import { hostDescription, localRuntimeVersions } from '../src/host/host.js';
import { buildGuest } from '../src/guests/build-guest.js';
import { findToolchain } from '../src/guests/toolchain.js';
import { writeJsonAtomic } from '../src/io/atomic-file.js';
import { monotonicMs } from '../src/io/clock.js';
import { computeMsOf, parseGuestResult } from '../src/results/guest-result.js';
import type { OciCacheArmSummary, OciCacheRow } from './oci-wasm-cache-row.js';

const runtime = 'io.containerd.wasmtime.v1';
// the crun-wasmedge profile's handler, through containerd's runc shim with crun as its OCI runtime
const crunProfile = runtimeProfiles.find((p) => p.name === 'crun-wasmedge')!;
const crun = { runtime: 'io.containerd.runc.v2', runcBinary: '/usr/bin/crun', annotations: crunProfile.annotations ?? {} };
const table18 = process.argv.includes('--table18');
const throughDocker = process.argv.includes('--docker');
const systemContainerdSocket = '/run/containerd/containerd.sock';
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

/** Where the arms run: the engine's containerd with ctr, or a Docker engine through its API (--docker). */
interface ArmPath {
  /** for the results file: what ran the containers */
  description: string;
  wallDefinition: string;
  load(tar: Buffer, reference: string): Promise<void>;
  run(arm: Arm, image: { reference: string; platform: string }, id: string, args: string[]): Promise<{ ok: boolean; stdout: string; error: string; wallMs: number }>;
  /** how many compiled modules the shim stored for this image's Wasm layer (runwasi's label names the layer) */
  precompiled(reference: string, layerDigest: string): Promise<number>;
  /** removes what it made; returns what it could not */
  remove(): Promise<string[]>;
}

function fail(message: string): never {
  process.stderr.write(`bench:oci-wasm: ${message}\n`);
  process.exit(1);
}

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
if (!Number.isInteger(runs) || runs < 2 || runs > 100) fail('--runs takes a whole number from 2 to 100');
if (!throughDocker && !existsSync(crun.runcBinary)) fail(`${crun.runcBinary} is missing: the crun-wasmedge arm needs crun (scripts/provision-engine.sh installs it)`);

async function containerdPath(): Promise<ArmPath> {
  const namespace = new ContainerdNamespace();
  const ctrVersion = String((await execa('ctr', ['--version'])).stdout).trim();
  return {
    description: `${ctrVersion} against ${namespace.socket}`,
    wallDefinition: '`ctr run --rm` from start to exit, monotonic clock (ctr, containerd, the shim and the guest)',
    load: (tar) => namespace.importImage(tar),
    async run(arm, { reference, platform }, id, args) {
      const how = arm === 'crun-wasmedge' ? crun : { runtime };
      const started = monotonicMs();
      const run = await namespace.run({ ...how, reference, platform, id: `${namespace.name}-${id}`, args, labels: labelsFor('test') });
      return { ...run, wallMs: monotonicMs() - started };
    },
    precompiled: async (_reference, layerDigest) => (await namespace.content()).filter(isCompiledFrom(layerDigest)).length,
    remove: () => namespace.remove(),
  };
}

// No network, as compare gives every profile (engine/types.ts, noNetwork): an empty namespace the runtime makes,
// which Docker 28 does not enter. (The runs of 2026-12-07 had the host's network: NetworkMode none alone hung the
// shims under Docker 28.) Every arm gets it, so all three start alike.
const dockerNetwork = 'none' as const;

async function dockerPath(): Promise<ArmPath> {
  const engine = new DockerEngine();
  const info = await engine.info();
  const major = Number(info.serverVersion.split('.')[0]);
  if (!(major >= 27)) {
    throw new Error(`Docker ${info.serverVersion} at ${info.host} cannot run an OCI Wasm image: before 27.0 dockerd does not tell containerd which image a container runs, so the shim finds no Wasm layer (runwasi #460); use a Docker >= 27 engine (scripts/provision-docker28.sh starts one beside this one) or leave out --docker`);
  }
  if (info.imageStore !== 'containerd') throw new Error(`Docker ${info.serverVersion} at ${info.host} does not use the containerd image store, which keeps an image's Wasm layer and the shim's compiled module: turn it on in daemon.json ("features": {"containerd-snapshotter": true})`);
  if (!info.runtimes.includes(crunProfile.runtime)) throw new Error(`Docker at ${info.host} has no runtime "${crunProfile.runtime}" registered: the crun-wasmedge arm needs it (daemon.json "runtimes")`);
  // where to look for the shim's compiled module afterwards: checked before any run
  const containerdSockets = [engineContainerdSocket, systemContainerdSocket].filter((candidate) => existsSync(candidate));
  if (containerdSockets.length === 0) throw new Error(`no containerd socket here (${engineContainerdSocket}, ${systemContainerdSocket}) to check that the shim cached the compiled module; run this where the engine's containerd is`);
  const registry = new CleanupRegistry(engine);
  return {
    description: `Docker ${info.serverVersion} at ${info.host} (containerd ${info.containerdVersion ?? 'unknown'}), --network ${dockerNetwork}`,
    wallDefinition: `container create to exit seen, through the Docker API, monotonic clock (dockerd, containerd, the shim and the guest; removal not counted); --network ${dockerNetwork}`,
    async load(tar, reference) {
      await engine.loadImage(tar);
      registry.image(reference);
    },
    async run(arm, { reference, platform }, _id, args) {
      const how = arm === 'crun-wasmedge' ? { runtime: crunProfile.runtime, annotations: crunProfile.annotations } : { runtime };
      const run = await runContainer(
        engine,
        { ...how, image: reference, platform, cmd: args, labels: labelsFor('test'), networkMode: dockerNetwork },
        { clock: monotonicMs, timeoutMs: 600_000, registry, watchMemory: false, signal: interrupt.signal },
      );
      return { ok: run.outcome === 'ok', stdout: run.stdout, error: run.error ?? run.outcome, wallMs: run.totalMs ?? Number.NaN };
    },
    // the compiled module is in the content store of the daemon's containerd namespace, the one holding the image
    async precompiled(reference, layerDigest) {
      let found = 0;
      for (const socket of containerdSockets) found += (await compiledModulesOf(socket, reference, layerDigest)).length;
      return found;
    },
    remove: () => registry.disposeAll(),
  };
}

// Ctrl-C: the run going on ends (a Docker container is killed; ctr's gets the terminal's signal too), no other
// starts, and what the path made is removed before exiting with 130
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) return;
    process.stderr.write('bench:oci-wasm: interrupted; removing what it made\n');
    interrupt.abort();
  });
}

let path: ArmPath;
try {
  path = throughDocker ? await dockerPath() : await containerdPath();
} catch (error) {
  fail(messageOf(error));
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
      // one name per workload: the tree's two sizes loaded under one name would leave the first's images untagged, and behind
      const reference = `docker.io/dockerwasm/bench-${label}:${arm}-${process.pid}`;
      const image = arm === 'crun-wasmedge' ? { form: 'file' as const, module: aotModule } : { form: arm, module };
      const layout = await ociWasmLayout({ ...image, fileName: `${workload.algorithm}.wasm`, reference, labels: labelsFor('test') });
      await path.load(layout.tar, reference);
      images[arm] = { reference, platform: layout.platform, layerDigest: layout.layerDigest };
    }
    // index 0 is the first run of each arm: the OCI Wasm image's compiles the module and stores it
    for (let index = 0; index <= runs; index++) {
      for (const arm of index % 2 === 0 ? arms : [...arms].reverse()) {
        if (interrupt.signal.aborted) throw new Error('interrupted');
        const run = await path.run(arm, images[arm]!, `${label}-${arm}-${index}`, [`/${workload.algorithm}.wasm`, ...args]);
        const guest = parseGuestResult(run.stdout);
        if (!run.ok || guest === null) throw new Error(`${label} ${arm} run ${index}: ${run.ok ? 'no result line' : run.error}`);
        if (guest.digest !== native.digest) throw new Error(`${label} ${arm} run ${index}: digest ${guest.digest.slice(0, 12)} where native has ${native.digest.slice(0, 12)}`);
        samples.push({ workload: label, arm, index, wallMs: run.wallMs, computeMs: computeMsOf(guest), mainMs: guest.main_ms ?? null, digest: guest.digest });
        process.stderr.write(`${label} ${arm} ${index === 0 ? 'first' : `run ${index}`}: ${(run.wallMs / 1000).toFixed(3)} s, overhead ${((run.wallMs - computeMsOf(guest)) / 1000).toFixed(3)} s\n`);
      }
    }
    precompiled[label] = await path.precompiled(images['wasm-layer']!.reference, images['wasm-layer']!.layerDigest);
    if (precompiled[label] !== 1) throw new Error(`${label}: the shim stored ${precompiled[label]} precompiled modules for the OCI Wasm image, not 1, so its runs were not cached ones`);
  }
} catch (error) {
  const left = await path.remove();
  const leftText = left.length > 0 ? ` (left behind: ${left.join('; ')})` : '';
  if (interrupt.signal.aborted) {
    process.stderr.write(`bench:oci-wasm: interrupted; nothing written${leftText}\n`);
    process.exit(130);
  }
  fail(`${messageOf(error)}${leftText}`);
}
const left = await path.remove();
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
const out = join(import.meta.dirname, 'results', `${date}-oci-wasm-${throughDocker ? 'docker' : 'cache'}${table18 ? '-table18' : ''}.json`);
await writeJsonAtomic(out, {
  command: `npm run bench:oci-wasm -- --runs ${runs}${table18 ? ' --table18' : ''}${throughDocker ? ' --docker' : ''}`,
  date,
  runtime,
  host: hostDescription(),
  versions: await localRuntimeVersions(),
  path: path.description,
  definitions: {
    wallMs: path.wallDefinition,
    overheadMs: 'wallMs - the guest\'s own compute (load + fit + predict, measured inside it)',
    outsideMs: `wallMs - the guest's whole main as it measures it: ${throughDocker ? 'dockerd' : 'ctr'}, containerd, the shim, module load and instantiation, without the guest's own work around the compute (the digest of its output)`,
    ociFirstRun: "the OCI Wasm image's first run: the shim compiles the module and stores it in containerd's content store",
    crunWasmedge: throughDocker
      ? `crun's WasmEdge handler (runtime ${crunProfile.runtime}, annotation run.oci.handler=wasm) on the WasmEdge AOT module in an ordinary image; its first run is left out like the others'`
      : "crun's WasmEdge handler (`ctr run --runtime io.containerd.runc.v2 --runc-binary /usr/bin/crun --annotation run.oci.handler=wasm`) on the WasmEdge AOT module in an ordinary image; its first run is left out like the others'",
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
