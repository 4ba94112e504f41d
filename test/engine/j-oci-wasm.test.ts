// An OCI Wasm image (its one layer the module, with a Wasm media type) under our wasmtime shim: the first run
// precompiles the module and the library stores it in containerd's content store under runwasi's label; the
// next run loads it from there. Through Docker 26.1, the engine, the image loads but the shim cannot find its
// layer (dockerd does not tell containerd which image a container runs; moby 27.0 does, with the containerd
// image store), so the engine's own containerd runs it with ctr, in a namespace of its own that the test
// removes with the cgroups containerd made for it. Docker 28 runs it: zz-docker28-oci-wasm.test.ts.
import { existsSync, mkdirSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ContainerdNamespace, engineContainerdSocket, isCompiledFrom } from '../../src/engine/containerd-namespace.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { labelsFor } from '../../src/engine/labels.js';
import { ociWasmLayout } from '../../src/engine/oci-wasm-image.js';
import { helloWasm, probeOutput } from '../../src/engine/probe/probe-payloads.js';
import { runCli } from './cli.js';

let namespace: ContainerdNamespace | undefined;

afterAll(async () => {
  expect(await namespace?.remove(), 'what the test left in containerd').toEqual([]);
  if (namespace) expect(existsSync(`/run/containerd/wasmtime/${namespace.name}`), "the shim's state folder for the namespace").toBe(false);
});

describe('an OCI Wasm image under the wasmtime shim (containerd, ctr)', () => {
  it('the first run precompiles the module into the content store, the next loads it; both print the probe line', async () => {
    namespace = new ContainerdNamespace();
    const reference = `docker.io/dockerwasm/oci-probe:${process.pid}`;
    const layout = await ociWasmLayout({ module: helloWasm, fileName: 'hello.wasm', reference, labels: labelsFor('test') });
    await namespace.importImage(layout.tar);
    const run = (id: string) => namespace!.run({ reference, platform: layout.platform, runtime: 'io.containerd.wasmtime.v1', id, labels: labelsFor('test'), timeoutMs: 60_000 });
    const precompiled = async () => (await namespace!.content()).filter((line) => line.includes('runwasi.io/precompiled/wasmtime/'));

    expect(await precompiled()).toEqual([]);
    const first = await run(`${namespace.name}-1`);
    expect({ ok: first.ok, stdout: first.stdout.trim() }, first.error).toEqual({ ok: true, stdout: probeOutput });
    const cached = await precompiled();
    expect(cached.filter(isCompiledFrom(layout.layerDigest)), 'the compiled module, labelled with the layer it was made from').toHaveLength(1);

    const second = await run(`${namespace.name}-2`);
    expect({ ok: second.ok, stdout: second.stdout.trim() }, second.error).toEqual({ ok: true, stdout: probeOutput });
    // `ctr content ls` columns: digest, size, age, labels; the age changes between listings
    const digests = (listing: string[]) => listing.map((line) => line.split(/\s+/)[0]);
    expect(digests(await precompiled()), 'the second run reused the cached module').toEqual(digests(cached));
  }, 120_000);

  it('`dockerwasm clean` removes a namespace of ours whose run is gone, with what it holds', async () => {
    const dead = 'dockerwasm-999999-0badc0de';
    // the empty state folder runc's shim leaves for a namespace that is already gone from containerd
    const stateOnly = '/run/containerd/runc/dockerwasm-999998-0badc0de';
    mkdirSync(stateOnly, { recursive: true });
    const ctr = (args: string[], input?: Buffer) =>
      execa('ctr', ['--address', engineContainerdSocket, ...args], { reject: false, ...(input ? { input } : { stdin: 'ignore' as const }) });
    const layout = await ociWasmLayout({ module: helloWasm, fileName: 'hello.wasm', reference: 'docker.io/dockerwasm/oci-probe:leftover', labels: labelsFor('test') });
    const imported = await ctr(['--namespace', dead, 'images', 'import', '--all-platforms', '-'], layout.tar);
    expect(imported.exitCode, String(imported.stderr)).toBe(0);
    const cleaned = await runCli(['clean', '--json']);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    const removed = JSON.parse(cleaned.stdout) as { containerdNamespaces: string[]; shimStateFolders: string[] };
    expect(removed.containerdNamespaces).toContain(dead);
    // only its folders were left: not reported as a namespace removed
    expect(removed.shimStateFolders).toContain('dockerwasm-999998-0badc0de');
    expect(removed.containerdNamespaces).not.toContain('dockerwasm-999998-0badc0de');
    expect(existsSync(stateOnly), 'the empty shim state folder').toBe(false);
    expect(String((await ctr(['namespaces', 'ls', '--quiet'])).stdout).split('\n')).not.toContain(dead);
  }, 120_000);
});

describe('an OCI Wasm image loaded into the engine (POST /images/load)', () => {
  it('Docker 26.1 loads it as a wasip1/wasm image; a layout that is not one is refused before the engine sees it', async () => {
    const engine = new DockerEngine();
    const reference = `docker.io/dockerwasm/oci-probe:load-${process.pid}`;
    const layout = await ociWasmLayout({ module: helloWasm, fileName: 'hello.wasm', reference, labels: labelsFor('test') });
    try {
      await engine.loadImage(layout.tar);
      expect(await engine.inspectImage(reference)).toMatchObject({ os: 'wasip1', architecture: 'wasm', labels: labelsFor('test') });
    } finally {
      await engine.removeImage(reference);
    }
    expect(await engine.inspectImage(reference)).toBeUndefined();
    await expect(engine.loadImage(layout.tar.subarray(0, 1024))).rejects.toMatchObject({ code: 'INPUT', message: expect.stringMatching(/^not a valid OCI image layout: /) });
  }, 60_000);
});
