// Faults inside one engine: a build that fails, a guest that exits non-zero, a guest that hangs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monotonicMs } from '../../src/io/clock.js';
import { makeContextTar } from '../../src/engine/build-context.js';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { labelsFor } from '../../src/engine/labels.js';
import { runContainer } from '../../src/engine/run-container.js';
import { buildScratchImage } from '../../src/engine/scratch-image.js';
import { helloWasm } from '../../src/engine/probe/probe-payloads.js';
import { buildGuest } from '../../src/guests/build-guest.js';
import { findToolchain } from '../../src/guests/toolchain.js';
import { readFile } from 'node:fs/promises';
import { parseGuestResult } from '../../src/results/guest-result.js';

const engine = new DockerEngine();
const registry = new CleanupRegistry(engine);
const tag = 'dockerwasm/test-kmeans-wasm-aot:failures';
const plainTag = 'dockerwasm/test-kmeans-wasm:failures';

beforeAll(async () => {
  const guest = await buildGuest({ algorithm: 'kmeans', observations: 1_000_000 }, { toolchain: await findToolchain() });
  for (const [flavour, reference] of [
    ['wasmedge-aot', tag],
    ['wasm', plainTag],
  ] as const) {
    const data = await readFile(guest.pathOf(flavour)!);
    await buildScratchImage(engine, registry, { tag: reference, file: 'kmeans.wasm', data, platform: 'wasi/wasm', builder: 'buildkit', labels: labelsFor('test') });
  }
});

afterAll(async () => {
  expect(await registry.disposeAll()).toEqual([]);
});

const spec = (cmd: string[]) => ({ image: tag, cmd, labels: labelsFor('test'), runtime: 'crun', annotations: { 'run.oci.handler': 'wasm' }, networkMode: 'none' as const });

describe('faults inside the engine (real engine)', () => {
  it("fails a build with the engine's own message, never as a success", async () => {
    const context = await makeContextTar([{ path: 'Dockerfile', data: 'FROM scratch\nCOPY missing.wasm /x.wasm\n' }]);
    await expect(
      engine.buildImage({ tag: 'dockerwasm/test-broken:1', platform: 'wasi/wasm', context, dockerfile: 'Dockerfile', labels: labelsFor('test'), noCache: true, builder: 'buildkit' }),
    ).rejects.toMatchObject({ code: 'BUILD_FAILED', message: expect.stringMatching(/"\/missing.wasm": not found/) });
  });

  it('records a guest that exits non-zero, with its stderr, and removes the container', async () => {
    const run = await runContainer(
      engine,
      { image: plainTag, cmd: ['--observations', '0'], labels: labelsFor('test'), runtime: 'io.containerd.wasmtime.v1', networkMode: 'none' },
      { clock: monotonicMs, timeoutMs: 60_000, registry, watchMemory: false },
    );
    expect(run).toMatchObject({ outcome: 'exit-code', exitCode: 2 });
    expect(run.stderr).toMatch(/--observations must be an integer from 1 to 10000000, got '0'/);
    expect(run.removeMs).toBeGreaterThan(0);
  });

  it("sees crun's WasmEdge handler lose a guest's exit code; no result line still fails the sample", async () => {
    const run = await runContainer(engine, spec(['--observations', '0']), { clock: monotonicMs, timeoutMs: 60_000, registry, watchMemory: false });
    // crun 1.21 + WasmEdge 0.14 report 0 for a guest that exited 2 (the runwasi shims report 2)
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/--observations must be an integer/);
    expect(parseGuestResult(run.stdout)).toBeNull();
  });

  it('kills a guest that outlives the per-sample timeout and records the timeout', async () => {
    const started = performance.now();
    const run = await runContainer(engine, spec(['--observations', '10000000']), { clock: monotonicMs, timeoutMs: 1_500, registry, watchMemory: false });
    expect(run.outcome).toBe('timeout');
    expect(run.error).toMatch(/no exit within 1.5 s; killed/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect((await engine.listContainers(`dockerwasm.session=${labelsFor('test')['dockerwasm.session']}`)).length).toBe(0);
  });

  it("the thesis's multistage form without a registry: a build failure naming the builder image, exit 7", async () => {
    const { runCli, tempResults } = await import('./cli.js');
    const result = await runCli(['compare', 'linreg', '--form', 'multistage', '--samples', '1', '--runtimes', 'io.containerd.wasmtime.v1', '--out', tempResults('multistage'), '--out-anywhere']);
    expect(result.code, result.stderr).toBe(7);
    expect(result.stderr).toMatch(/build dockerwasm\/linreg-(linux|wasm):.* failed: .*(alpine:3\.20|rust:1\.85-alpine3\.20).*failed to resolve/);
  });

  it('a runtime whose shim is missing, asked for by name: exit 6 with the reason, before anything is built', async () => {
    const { runCli, tempResults } = await import('./cli.js');
    const result = await runCli(['compare', 'linreg', '--samples', '1', '--runtimes', 'io.containerd.spin.v2', '--out', tempResults('no-spin'), '--out-anywhere']);
    expect(result.code, result.stderr).toBe(6);
    expect(result.stderr).toMatch(/^dockerwasm: error: runtime profile asked for cannot run here: io.containerd.spin.v2: containerd-shim-spin-v2 not found on dockerd's PATH$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the tiny probe module under the wasmtime shim in well under a second', async () => {
    const context = await makeContextTar([
      { path: 'Dockerfile', data: 'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n' },
      { path: 'hello.wasm', data: helloWasm },
    ]);
    const probeTag = 'dockerwasm/test-hello:failures';
    registry.image(probeTag);
    await engine.buildImage({ tag: probeTag, platform: 'wasi/wasm', context, dockerfile: 'Dockerfile', labels: labelsFor('test'), noCache: false, builder: 'buildkit' });
    const run = await runContainer(engine, { image: probeTag, labels: labelsFor('test'), runtime: 'io.containerd.wasmtime.v1', networkMode: 'none' }, { clock: monotonicMs, timeoutMs: 30_000, registry, watchMemory: false });
    expect(run).toMatchObject({ outcome: 'ok', stdout: 'dockerwasm probe ok\n' });
  });
});
