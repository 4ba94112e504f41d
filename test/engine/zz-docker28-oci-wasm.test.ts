// An OCI Wasm image through Docker 28 (Debian forky's dockerd, which scripts/provision-docker28.sh unpacks), run as
// a private daemon with a containerd of its own: it names the image to containerd, so our wasmtime shim finds the
// Wasm layer, compiles it once and caches it. Containers get no network, as every run's do (engine/types.ts,
// noNetwork). It starts a dockerd, so zz-.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { compiledModulesOf } from '../../src/engine/containerd-namespace.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { resolveEndpoint } from '../../src/engine/endpoint.js';
import { labelsFor } from '../../src/engine/labels.js';
import { ociWasmLayout } from '../../src/engine/oci-wasm-image.js';
import { helloWasm, probeOutput } from '../../src/engine/probe/probe-payloads.js';
import { runContainer } from '../../src/engine/run-container.js';
import { monotonicMs } from '../../src/io/clock.js';
import { privateDockerd, type PrivateDockerd } from './private-dockerd.js';

/** where scripts/provision-docker28.sh unpacks Debian forky's dockerd */
const docker28 = '/usr/local/lib/dockerwasm/docker28/usr/sbin/dockerd';
let daemon: PrivateDockerd | undefined;
let registry: CleanupRegistry | undefined;

afterAll(async () => {
  // what a failed test left: removed through the daemon before it stops
  const left = (await registry?.disposeAll()) ?? [];
  await daemon?.destroy();
  expect(left, 'what the test left in the Docker 28 engine').toEqual([]);
});

describe('an OCI Wasm image through Docker 28 (a private dockerd)', () => {
  it('Docker 28 runs it under the wasmtime shim with no network, and the second run loads the compiled module', async () => {
    expect(existsSync(docker28), `no Docker 28 at ${docker28}: scripts/provision-test-tools.sh installs it (scripts/provision-docker28.sh --no-start)`).toBe(true);
    daemon = privateDockerd({ containerdStore: true, dockerd: docker28 });
    await daemon.start();
    const engine = new DockerEngine(resolveEndpoint({ DOCKER_HOST: daemon.host }));
    expect((await engine.info()).serverVersion).toMatch(/^28\./);
    registry = new CleanupRegistry(engine);
    const reference = 'docker.io/dockerwasm/oci-probe:docker28';
    const layout = await ociWasmLayout({ module: helloWasm, fileName: 'hello.wasm', reference, labels: labelsFor('test') });
    await engine.loadImage(layout.tar);
    registry.image(reference);
    const run = () =>
      runContainer(
        engine,
        { image: reference, platform: layout.platform, labels: labelsFor('test'), runtime: 'io.containerd.wasmtime.v1', networkMode: 'none' },
        { clock: monotonicMs, timeoutMs: 60_000, registry: registry!, watchMemory: false },
      );
    // the bench's own check (bench/oci-wasm-cache.ts --docker): the daemon's namespace holding the image
    const precompiled = () => compiledModulesOf(daemon!.containerdSocket, reference, layout.layerDigest);

    const first = await run();
    expect({ outcome: first.outcome, stdout: first.stdout.trim() }, first.error ?? '').toEqual({ outcome: 'ok', stdout: probeOutput });
    const cached = await precompiled();
    expect(cached, 'the compiled module, labelled with the layer it was made from').toHaveLength(1);
    const second = await run();
    expect({ outcome: second.outcome, stdout: second.stdout.trim() }, second.error ?? '').toEqual({ outcome: 'ok', stdout: probeOutput });
    expect((await precompiled()).map((line) => line.split(/\s+/)[0]), 'the second run reused the cached module').toEqual(cached.map((line) => line.split(/\s+/)[0]));
    expect(await registry.disposeAll(), 'what the test left in the Docker 28 engine').toEqual([]);
  }, 180_000);
});
