import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { runLabel } from '../../src/engine/labels.js';
import { runIdOf } from '../../src/run/run-experiment.js';
import { parseGuestResult } from '../../src/results/guest-result.js';
import { readSamples } from '../../src/results/sample-log.js';
import type { SummaryDocument } from '../../src/results/summaries.js';
import { runCli, tempResults } from './cli.js';

function check(dir: string) {
  for (const file of ['env.json', 'samples.jsonl', 'summary.json', 'summary.csv', 'summary.md']) expect(existsSync(join(dir, file)), file).toBe(true);
  const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
  const { records, skipped } = readSamples(dir, 'compare');
  expect(skipped).toEqual([]);
  return { document, records };
}

describe('dockerwasm compare (real engine, small sizes)', () => {
  it('linreg: builds, sizes and runs Linux and Wasm variants, with real measured fields and equal digests', async () => {
    const dir = tempResults('linreg');
    const { code, stdout, stderr } = await runCli(['compare', 'linreg', '--samples', '2', '--warmup', '1', '--out', dir, '--out-anywhere']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Linux \(runc\)/);
    expect(stdout).toMatch(/Where the run time goes/);
    const { document, records } = check(dir);
    expect(document.complete).toBe(true);
    // the digest every variant must match, computed apart from the tool: the native binary run on the host
    const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'));
    const native = env.guest.artifacts.find((a: { flavour: string }) => a.flavour === 'native');
    const direct = parseGuestResult((await execa(join(env.guest.folder, native.file), ['--dataset', 'iris'])).stdout);
    expect(direct).not.toBeNull();
    const wasm = document.summary.variants.filter((v) => v.kind === 'wasm');
    expect(wasm.length).toBeGreaterThanOrEqual(2);
    for (const variant of document.summary.variants) {
      expect(variant.samples, `${variant.name}: ${JSON.stringify(variant.failed)}`).toBe(2);
      expect(variant.digest).toBe(direct!.digest);
      expect(variant.run!.mean).toBeGreaterThan(variant.compute!.mean);
      expect(variant.create!.mean).toBeGreaterThan(0);
      expect(variant.start!.mean).toBeGreaterThan(0);
    }
    for (const image of document.summary.images) {
      expect(image.contentBytes).toBeGreaterThan(image.artifactBytes / 4);
      expect(image.uncompressedBytes).toBeGreaterThanOrEqual(image.artifactBytes);
      expect(image.coldBuildMs).toBeGreaterThan(0);
      expect(image.build!.n).toBe(2);
    }
    const runs = records.filter((r) => r.type === 'run' && r.phase === 'sample');
    for (const run of runs) {
      if (run.type !== 'run') continue;
      // the container takes longer than the program inside it says it took, from its own clock
      expect(run.totalMs!).toBeGreaterThan(run.guest!.main_ms!);
      expect(run.exitWaitMs!).toBeGreaterThan(run.guest!.compute_ms!);
      expect(run.guest!.compute_ms!).toBeGreaterThan(0);
      expect(run.guest!.result).toHaveProperty('r2');
      // CPU time from the container's own cgroup, on every runtime: the program ran, so it used some, and no
      // more than every CPU for the whole run
      expect(run.cpu, `${run.variant}: CPU time not measured (${env.cpuAccounting})`).toBeTruthy();
      expect(run.cpu!.cpuMs).toBeGreaterThan(0);
      expect(run.cpu!.cpuMs).toBeLessThan(run.totalMs! * env.engine.cpus);
    }
    expect(env.cpuAccounting).toMatch(/^cgroup v[12]: each container under a parent cgroup of its own/);
    const linux = document.summary.images.find((i) => i.image === 'linux')!;
    // the wasmtime shim runs the plain module, so that image is always there
    const plain = document.summary.images.find((i) => i.image === 'wasm');
    expect(plain, 'the plain-module image').toBeDefined();
    expect(plain!.contentBytes!).toBeLessThan(linux.contentBytes!);
  });

  it('tree: embeds a small dataset, and every runtime computes the same tree', async () => {
    const dir = tempResults('tree');
    const { code, stderr } = await runCli(['compare', 'tree', '--rows', '2000', '--samples', '2', '--warmup', '0', '--out', dir, '--out-anywhere']);
    expect(code, stderr).toBe(0);
    const { document } = check(dir);
    expect(document.workload).toMatchObject({ algorithm: 'tree', rows: 2000 });
    const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'));
    const native = env.guest.artifacts.find((a: { flavour: string }) => a.flavour === 'native');
    const direct = parseGuestResult((await execa(join(env.guest.folder, native.file), [])).stdout);
    for (const variant of document.summary.variants) {
      expect(variant.samples, `${variant.name}: ${JSON.stringify(variant.failed)}`).toBe(2);
      expect(variant.guestResult).toMatchObject({ rows: 2000, test_rows: 200 });
      expect(variant.digest).toBe(direct!.digest);
    }
    expect(env.dataset).toMatchObject({ rows: 2000, source: expect.stringMatching(/synthetic|kaggle/) });
    expect(env.base.reference).toMatch(/alpine|dockerwasm\/base/);
  });
  it('--wasm-threads: both runwasi shims run the wasm32-wasip1-threads module on every CPU with the native digest (WasmEdge: AOT, waits on the shim\'s futexes); crun\'s WasmEdge handler refuses it, recorded per sample', async () => {
    const dir = tempResults('kmeans-threads');
    const { code, stdout, stderr } = await runCli(['compare', 'kmeans', '--observations', '20000', '--samples', '2', '--warmup', '0', '--wasm-threads', '--allow-mixed-toolchains', '--out', dir, '--out-anywhere']);
    expect(code, stderr).toBe(0);
    const { document, records } = check(dir);
    const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'));
    // rustup's rustc made the threaded module, Debian's the rest: asked for, so recorded and said
    expect(env.mixedToolchains).toMatch(/^native, wasm by rustc [\d.]+; wasm-threads by rustc [\d.]+$/);
    expect(stderr).toMatch(/mixed toolchains, as asked \(--allow-mixed-toolchains\): native, wasm by rustc/);
    const threadsArtifact = env.guest.artifacts.find((a: { flavour: string }) => a.flavour === 'wasm-threads');
    expect(threadsArtifact, 'no wasm32-wasip1-threads module was built: is rustup\'s wasm32-wasip1-threads target installed (scripts/provision-engine.sh)?').toBeDefined();
    expect(threadsArtifact.compiler).toMatch(/--target wasm32-wasip1-threads$/);
    const threadsAot = env.guest.artifacts.find((a: { flavour: string }) => a.flavour === 'wasmedge-threads-aot');
    expect(threadsAot, 'no WasmEdge AOT build of the threaded module: are wasmedge and wasm-host-waits (scripts/build-shims.sh) installed?').toBeDefined();
    expect(threadsAot.compiler).toMatch(/^wasm-host-waits .*, then .*wasmedge version .* compile --generic-binary --enable-threads --optimize 3$/);
    const variant = (name: string) => document.summary.variants.find((v) => v.name === name)!;
    for (const [name, image] of [['io.containerd.wasmtime.v1+threads', 'wasm-threads'], ['io.containerd.wasmedge.v1+threads', 'wasm-threads-aot']] as const) {
      const threaded = variant(name);
      expect(threaded.samples, JSON.stringify(threaded.failed)).toBe(2);
      expect(threaded.image).toBe(image);
      expect(threaded.env).toEqual([`RAYON_NUM_THREADS=${env.engine.cpus}`]);
      // the guest's own report of its pool, and the native digest: the same computation on real threads
      expect(threaded.threads).toBe(env.engine.cpus);
      expect(threaded.digest).toBe(document.summary.referenceDigest);
    }
    expect(variant('io.containerd.wasmtime.v1').threads).toBe(1);
    const refused = variant('crun-wasmedge+threads');
    expect(refused.image).toBe('wasm-threads-aot');
    expect(refused.samples).toBe(0);
    expect(refused.failed).toHaveLength(2);
    expect(refused.failed[0]!.error).toMatch(/crun-wasmedge has no wasi-threads \(WasmEdge dropped the wasi-threads proposal/);
    expect(stdout).toMatch(/Threaded Wasm: /);
    expect(records.filter((r) => r.type === 'run' && r.variant === 'crun-wasmedge+threads')).toHaveLength(2);
  });

  it('--wasm-threads without --allow-mixed-toolchains: refused in one line (two compilers), exit 2, nothing measured or left in the engine', async () => {
    const dir = tempResults('kmeans-threads-mixed');
    const { code, stderr } = await runCli(['compare', 'kmeans', '--observations', '20000', '--samples', '1', '--warmup', '0', '--wasm-threads', '--runtimes', 'io.containerd.wasmedge.v1', '--out', dir, '--out-anywhere']);
    expect(code, stderr).toBe(2);
    const errors = stderr.split('\n').filter((line) => line.startsWith('dockerwasm: error:'));
    expect(errors).toEqual([expect.stringMatching(/^dockerwasm: error: mixed toolchains: native, wasm by rustc [\d.]+; wasm-threads by rustc [\d.]+; a Wasm \/ native ratio would compare compilers too$/)]);
    expect(stderr).toMatch(/--allow-mixed-toolchains/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'samples.jsonl')) ? readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim() : '').toBe('');
    // this run's objects only: another run's may be on the engine (its owner is not this test)
    const ofThisRun = `${runLabel}=${runIdOf(dir)}`;
    const engine = new DockerEngine();
    expect(await engine.listContainers(ofThisRun)).toEqual([]);
    expect(await engine.listImages(ofThisRun)).toEqual([]);
  });
});
