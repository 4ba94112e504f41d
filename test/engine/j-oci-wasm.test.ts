// An OCI Wasm image (its one layer the module, with a Wasm media type) under our wasmtime shim, through
// the engine's own containerd with ctr: the first run precompiles the module and the library stores it in
// containerd's content store under runwasi's label; the next run loads it from there. Through Docker 26.1
// the shim cannot find the layer (dockerd does not tell containerd which image a container runs, moby
// 27.0 does), so this drives containerd directly, in a namespace of its own that it removes.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../../src/engine/labels.js';
import { ociWasmLayout } from '../../src/engine/oci-wasm-image.js';
import { helloWasm, probeOutput } from '../../src/engine/probe/probe-payloads.js';

const socket = '/var/run/docker/containerd/containerd.sock';
const namespace = `dockerwasm-test-${process.pid}`;
const reference = `docker.io/dockerwasm/oci-probe:${process.pid}`;
const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-oci-'));
const ctr = (args: string[]) => execa('ctr', ['--address', socket, '--namespace', namespace, ...args], { reject: false, stdin: 'ignore' });
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

afterAll(async () => {
  await ctr(['images', 'rm', '--sync', reference]);
  for (const lease of lines(String((await ctr(['leases', 'ls', '--quiet'])).stdout))) await ctr(['leases', 'rm', '--sync', lease]);
  for (const blob of lines(String((await ctr(['content', 'ls', '--quiet'])).stdout))) await ctr(['content', 'rm', blob]);
  const removed = await execa('ctr', ['--address', socket, 'namespaces', 'rm', namespace], { reject: false });
  // containerd puts a namespace's containers under a cgroup named after it, and leaves that cgroup behind
  const cgroupRoot = '/sys/fs/cgroup';
  const cgroups = [join(cgroupRoot, namespace), ...readdirSync(cgroupRoot).map((controller) => join(cgroupRoot, controller, namespace))];
  for (const cgroup of cgroups.filter((path) => existsSync(path))) await rmdir(cgroup);
  await rm(folder, { recursive: true, force: true });
  expect(removed.exitCode, `containerd namespace ${namespace} left behind: ${removed.stderr}`).toBe(0);
});

describe('an OCI Wasm image under the wasmtime shim (containerd, ctr)', () => {
  it('the first run precompiles the module into the content store, the next loads it; both print the probe line', async () => {
    expect(existsSync(socket), `the engine's containerd socket ${socket} (scripts/provision-engine.sh starts dockerd, which starts it)`).toBe(true);
    const layout = await ociWasmLayout({ module: helloWasm, fileName: 'hello.wasm', reference, labels: labelsFor('test') });
    const tar = join(folder, 'image.tar');
    writeFileSync(tar, layout.tar);
    const imported = await ctr(['images', 'import', '--all-platforms', tar]);
    expect(imported.exitCode, String(imported.stderr)).toBe(0);

    const labelFlags = Object.entries(labelsFor('test')).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
    const run = (id: string) => ctr(['run', '--rm', ...labelFlags, '--runtime', 'io.containerd.wasmtime.v1', '--platform', 'wasip1/wasm', reference, id]);
    const precompiled = async () => lines(String((await ctr(['content', 'ls'])).stdout)).filter((l) => l.includes('runwasi.io/precompiled/wasmtime/'));

    expect(await precompiled()).toEqual([]);
    const first = await run(`dockerwasm-oci-${process.pid}-1`);
    expect({ code: first.exitCode, stdout: String(first.stdout).trim() }, String(first.stderr)).toEqual({ code: 0, stdout: probeOutput });
    const cached = await precompiled();
    expect(cached.length, 'the shim stored the precompiled module under runwasi.io/precompiled/wasmtime/').toBeGreaterThan(0);
    expect(cached.join('\n')).toContain(layout.layerDigest);

    const second = await run(`dockerwasm-oci-${process.pid}-2`);
    expect({ code: second.exitCode, stdout: String(second.stdout).trim() }, String(second.stderr)).toEqual({ code: 0, stdout: probeOutput });
    expect(await precompiled(), 'the second run reused the cached module').toEqual(cached);
  }, 120_000);
});
