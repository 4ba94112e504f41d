// What an OCI Wasm image saves the wasmtime shim: the same module as an OCI Wasm image (its layer the
// module, precompiled on the first run and cached in containerd's content store by our shim's compiler
// hook) and as an ordinary image (the module a file in a filesystem layer, compiled at every start), each
// run `--runs` times, interleaved, under containerd-shim-wasmtime-v1. Through the engine's own containerd
// with `ctr`, not through Docker: Docker 26.1 does not tell containerd which image a container runs, so the
// shim cannot find the Wasm layer there (runwasi issue #460; moby 27.0 does). The first run of the OCI
// Wasm image (compile + store) is reported apart. Every run's digest must equal the native binary's.
// Overhead = time from `ctr run` to its exit - the guest's own compute.
// Writes bench/results/<date>-oci-wasm-cache.json. Usage: node --import tsx bench/oci-wasm-cache.ts [--runs N]
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { mean, median } from 'simple-statistics';
import { guestArguments, workloadLabel, type Workload } from '../src/config/settings.js';
import { labelsFor } from '../src/engine/labels.js';
import { ociWasmLayout, type OciWasmImageForm } from '../src/engine/oci-wasm-image.js';
import { buildGuest } from '../src/guests/build-guest.js';
import { findToolchain } from '../src/guests/toolchain.js';
import { writeJsonAtomic } from '../src/io/atomic-file.js';
import { monotonicMs } from '../src/io/clock.js';
import { parseGuestResult } from '../src/results/records.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
if (!Number.isInteger(runs) || runs < 2 || runs > 100) throw new Error('--runs takes a whole number from 2 to 100');

const socket = '/var/run/docker/containerd/containerd.sock';
const namespace = `dockerwasm-bench-${process.pid}`;
const runtime = 'io.containerd.wasmtime.v1';
const workloads: Workload[] = [
  { algorithm: 'linreg', dataset: 'iris' },
  { algorithm: 'kmeans', observations: 1_000 },
  { algorithm: 'tree', rows: 10_000 },
];
const forms: OciWasmImageForm[] = ['wasm-layer', 'file'];
const ctr = (args: string[]) => execa('ctr', ['--address', socket, '--namespace', namespace, ...args], { reject: false, stdin: 'ignore' });
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const labelFlags = Object.entries(labelsFor('test')).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-oci-bench-'));

async function cleanUp(): Promise<void> {
  for (const image of lines(String((await ctr(['images', 'ls', '--quiet'])).stdout))) await ctr(['images', 'rm', '--sync', image]);
  for (const lease of lines(String((await ctr(['leases', 'ls', '--quiet'])).stdout))) await ctr(['leases', 'rm', '--sync', lease]);
  for (const blob of lines(String((await ctr(['content', 'ls', '--quiet'])).stdout))) await ctr(['content', 'rm', blob]);
  await execa('ctr', ['--address', socket, 'namespaces', 'rm', namespace], { reject: false });
  const root = '/sys/fs/cgroup';
  for (const cgroup of [join(root, namespace), ...readdirSync(root).map((c) => join(root, c, namespace))]) if (existsSync(cgroup)) await rmdir(cgroup);
  await rm(folder, { recursive: true, force: true });
}

interface Run {
  workload: string;
  form: OciWasmImageForm;
  index: number;
  wallMs: number;
  computeMs: number;
  digest: string;
}

if (!existsSync(socket)) throw new Error(`no containerd socket at ${socket}: start the engine (scripts/provision-engine.sh)`);
const toolchain = await findToolchain();
const samples: Run[] = [];
const precompiled: Record<string, number> = {};
try {
  for (const workload of workloads) {
    const label = workloadLabel(workload);
    const build = await buildGuest(workload, { toolchain, onProgress: (line) => process.stderr.write(`  ${line}\n`) });
    const args = guestArguments(workload);
    const native = parseGuestResult(String((await execa(build.pathOf('native')!, args, { reject: false })).stdout));
    if (native === null) throw new Error(`${label}: the native binary printed no result line`);
    const module = await readFile(build.pathOf('wasm')!);
    const references: Record<string, { reference: string; platform: string; layerDigest: string }> = {};
    for (const form of forms) {
      const reference = `docker.io/dockerwasm/bench-${workload.algorithm}:${form}-${process.pid}`;
      const layout = await ociWasmLayout({ form, module, fileName: `${workload.algorithm}.wasm`, reference, labels: labelsFor('test') });
      const tar = join(folder, `${label}-${form}.tar`);
      writeFileSync(tar, layout.tar);
      const imported = await ctr(['images', 'import', '--all-platforms', tar]);
      if (imported.exitCode !== 0) throw new Error(`ctr images import: ${String(imported.stderr)}`);
      references[form] = { reference, platform: layout.platform, layerDigest: layout.layerDigest };
    }
    // index 0 is the first run of each form: the OCI Wasm image's compiles and stores the module
    for (let index = 0; index <= runs; index++) {
      for (const form of index % 2 === 0 ? forms : [...forms].reverse()) {
        const { reference, platform } = references[form]!;
        const started = monotonicMs();
        const run = await ctr(['run', '--rm', ...labelFlags, '--runtime', runtime, '--platform', platform, reference, `bench-${process.pid}-${label}-${form}-${index}`, `/${workload.algorithm}.wasm`, ...args]);
        const wallMs = monotonicMs() - started;
        const guest = parseGuestResult(String(run.stdout));
        if (run.exitCode !== 0 || guest === null) throw new Error(`${label} ${form} run ${index}: exit ${run.exitCode}: ${String(run.stderr).slice(-300)}`);
        if (guest.digest !== native.digest) throw new Error(`${label} ${form} run ${index}: digest ${guest.digest} where native has ${native.digest}`);
        samples.push({ workload: label, form, index, wallMs, computeMs: guest.compute_ms, digest: guest.digest });
        process.stderr.write(`${label} ${form} ${index === 0 ? 'first' : `run ${index}`}: ${(wallMs / 1000).toFixed(3)} s, overhead ${((wallMs - guest.compute_ms) / 1000).toFixed(3)} s\n`);
      }
    }
    // the compiled module the shim stored, labelled with the Wasm layer it was made from
    const original = `/original=${references['wasm-layer']!.layerDigest}`;
    precompiled[label] = lines(String((await ctr(['content', 'ls'])).stdout)).filter((l) => l.includes('runwasi.io/precompiled/wasmtime/') && l.includes(original)).length;
  }
} finally {
  await cleanUp();
}

const rows = workloads.map((workload) => {
  const label = workloadLabel(workload);
  const of = (form: OciWasmImageForm, first: boolean) => samples.filter((s) => s.workload === label && s.form === form && (s.index === 0) === first);
  const overhead = (list: Run[]) => list.map((s) => s.wallMs - s.computeMs);
  const summary = (list: Run[]) => ({ n: list.length, wallMsMedian: median(list.map((s) => s.wallMs)), overheadMsMedian: median(overhead(list)), overheadMsMean: mean(overhead(list)) });
  return {
    workload: label,
    precompiledModulesStored: precompiled[label] ?? 0,
    ociFirstRun: { wallMs: of('wasm-layer', true)[0]!.wallMs, overheadMs: overhead(of('wasm-layer', true))[0]! },
    ociCached: summary(of('wasm-layer', false)),
    ordinary: summary(of('file', false)),
  };
});
const date = new Date().toISOString().slice(0, 10);
const out = join(import.meta.dirname, 'results', `${date}-oci-wasm-cache.json`);
await writeJsonAtomic(out, {
  command: `npm run bench:oci-wasm -- --runs ${runs}`,
  date,
  runtime,
  path: `ctr ${String((await execa('ctr', ['--version'])).stdout).trim()} against ${socket}`,
  definitions: {
    wallMs: '`ctr run --rm` from start to exit, monotonic clock (ctr, containerd, the shim and the guest)',
    overheadMs: 'wallMs - the guest\'s own compute (load + fit + predict, measured inside it)',
    ociFirstRun: "the OCI Wasm image's first run: the shim compiles the module and stores it in containerd's content store",
  },
  rows,
  samples,
});
console.log('| workload | ordinary image: overhead (median) | OCI Wasm image, first run | OCI Wasm image, cached (median) | saved |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.workload} | ${(r.ordinary.overheadMsMedian / 1000).toFixed(3)} s | ${(r.ociFirstRun.overheadMs / 1000).toFixed(3)} s | ${(r.ociCached.overheadMsMedian / 1000).toFixed(3)} s | ${((r.ordinary.overheadMsMedian - r.ociCached.overheadMsMedian) / 1000).toFixed(3)} s |`);
}
console.error(`wrote ${out}`);
