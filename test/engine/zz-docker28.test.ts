// The Docker people run today: Debian forky's Docker 28 (scripts/provision-docker28.sh unpacks it), as a private
// daemon with a containerd of its own, in a network namespace of its own. The CLI runs outside that namespace, as
// a user's would beside an engine it cannot share a loopback with, so it also checks the builder's fallback.
// Every profile must run with no network (Docker 28 hung runwasi containers in a network namespace it entered
// itself), and a shim that never starts must end in bounded time with nothing left. It starts a dockerd, so zz-.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { resolveEndpoint } from '../../src/engine/endpoint.js';
import { toolFilter } from '../../src/engine/labels.js';
import { processesWhere } from '../../src/engine/stuck-shims.js';
import { monotonicMs } from '../../src/io/clock.js';
import { probeRuntimes } from '../../src/profiles/probe.js';
import { runtimeProfiles, type RuntimeProfile } from '../../src/profiles/profiles.js';
import type { DensitySummary, SummaryDocument } from '../../src/results/summaries.js';
import { readSamples } from '../../src/results/sample-log.js';
import { privateDockerd, type PrivateDockerd } from './private-dockerd.js';
import { runCli, startCli, tempResults } from './cli.js';

/** where scripts/provision-docker28.sh unpacks Debian forky's dockerd */
const docker28 = '/usr/local/lib/dockerwasm/docker28/usr/sbin/dockerd';
// every profile the provisioning installs must run here: a missing one fails, never skips
const provisioned = ['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1'];

/** A shim that never starts, in a folder of its own: containerd runs `<shim> ... -id <container> start` and waits for its address. */
function hangingShim(name: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dockerwasm-hang-shim-'));
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n# stands in for a shim whose start never returns\nwhile :; do sleep 1; done\n');
  chmodSync(path, 0o755);
  return { dir, path };
}

/** the pids of processes running the stand-in */
const standIns = (path: string) => processesWhere((argv) => argv.some((arg) => arg.includes(path)));

const hangShim = hangingShim('containerd-shim-hang-v1');
const hangProfile: RuntimeProfile = { name: 'io.containerd.hang.v1', kind: 'wasm', runtime: 'io.containerd.hang.v1', module: 'wasm', shimBinary: 'containerd-shim-hang-v1', description: 'a stand-in shim that never starts' };

let daemon: PrivateDockerd | undefined;
let env: Record<string, string> = {};

beforeAll(async () => {
  expect(existsSync(docker28), `no Docker 28 at ${docker28}: scripts/provision-test-tools.sh installs it (scripts/provision-docker28.sh --no-start)`).toBe(true);
  daemon = privateDockerd({ containerdStore: true, dockerd: docker28, shimPath: hangShim.dir });
  await daemon.start();
  env = { DOCKER_HOST: daemon.host };
}, 120_000);

afterAll(async () => {
  const engine = daemon && new DockerEngine(resolveEndpoint({ DOCKER_HOST: daemon.host }));
  const left = engine ? await engine.listContainers(toolFilter) : [];
  await daemon?.destroy();
  rmSync(hangShim.dir, { recursive: true, force: true });
  expect(left, 'labelled containers left in the Docker 28 engine').toEqual([]);
});

describe('Docker 28 (a private dockerd in a network namespace of its own)', () => {
  it('doctor: every provisioned profile passes its probe with no network; the builder falls back to the docker CLI, said once', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', '--json', '--require', provisioned.join(',')], env);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { engine: { serverVersion: string; sharesLoopback: boolean; onThisMachine: boolean; builder: string }; runtimes: { name: string; probe: { ok: boolean; engineVersion: string } | null }[] };
    expect(report.engine.serverVersion).toMatch(/^28\./);
    expect(report.engine).toMatchObject({ onThisMachine: true, sharesLoopback: false, builder: 'cli' });
    expect(stderr.match(/in another network namespace/g)).toHaveLength(1);
    for (const name of provisioned) {
      const probe = report.runtimes.find((r) => r.name === name)?.probe;
      expect(probe?.ok, name).toBe(true);
      expect(probe?.engineVersion, name).toBe(report.engine.serverVersion);
    }
  });

  it('compare linreg: every profile runs with no network and computes the Linux digest; nothing left', async () => {
    const dir = tempResults('docker28-linreg');
    const { code, stderr } = await runCli(['compare', 'linreg', '--samples', '2', '--warmup', '0', '--out', dir, '--out-anywhere'], env);
    expect(code, stderr).toBe(0);
    const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
    const environment = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'));
    expect(environment.engine.serverVersion).toMatch(/^28\./);
    expect(environment.engine.containerNetwork).toMatch(/^none \(NetworkDisabled: an empty network namespace of its own/);
    for (const name of provisioned) {
      const variant = document.summary.variants.find((v) => v.name === name);
      expect(variant?.samples, `${name}: ${JSON.stringify(variant?.failed)}`).toBe(2);
      expect(variant?.digest, name).toBe(document.summary.referenceDigest);
    }
    expect(readSamples(dir, 'compare').skipped).toEqual([]);
  });

  it('density hello: every profile starts its containers with no network, each completed', async () => {
    const dir = tempResults('docker28-density');
    const { code, stdout, stderr } = await runCli(['density', 'hello', '--containers', '6', '--concurrency', '3', '--rounds', '1', '--json', '--out', dir, '--out-anywhere'], env);
    expect(code, stderr).toBe(0);
    const { summary } = JSON.parse(stdout) as { summary: DensitySummary };
    expect(summary.rows.map((r) => r.variant).sort()).toEqual([...provisioned].sort());
    for (const cell of readSamples(dir, 'density').records) {
      expect(cell.containers.filter((c) => c.outcome === 'ok'), cell.variant).toHaveLength(6);
    }
  });

  it('a shim that never starts: the probe ends within its deadline, says it hangs on this engine, and leaves no container or shim process', async () => {
    const engine = new DockerEngine(resolveEndpoint({ DOCKER_HOST: daemon!.host }), { container: 5_000 });
    const info = await engine.info();
    const registry = new CleanupRegistry(engine);
    const began = performance.now();
    const [runc, hang] = await probeRuntimes({ engine, info, builder: 'cli', registry, clock: monotonicMs }, [runtimeProfiles[0]!, hangProfile]);
    const tookMs = performance.now() - began;
    expect(runc!.probe?.ok, runc!.reason ?? '').toBe(true);
    expect(hang!.available).toBe(false);
    expect(hang!.reason).toMatch(/^hangs on this engine \(Docker 28\.[^)]*\): start container [0-9a-f]{12}: no answer from the engine at .* within 5 s; run it on another engine \(DOCKER_HOST\) or leave it out \(--runtimes\)$/);
    expect(tookMs, 'the probe of a hanging shim took too long').toBeLessThan(40_000);
    expect(await registry.disposeAll()).toEqual([]);
    expect(await engine.listContainers(toolFilter)).toEqual([]);
    expect(standIns(hangShim.path), 'stand-in shim processes left running').toEqual([]);
  }, 120_000);
});

describe('Docker 28 with a shim that hangs under a real profile name', () => {
  // the wasmedge shim's name, found first on the private daemon's PATH: its probe never starts
  const stuck = hangingShim('containerd-shim-wasmedge-v1');
  let hanging: PrivateDockerd | undefined;
  afterAll(async () => {
    await hanging?.destroy();
    rmSync(stuck.dir, { recursive: true, force: true });
  });

  it('SIGINT while its probe is stuck: exit 130 within 10 s, no container and no shim process left', async () => {
    hanging = privateDockerd({ containerdStore: true, dockerd: docker28, shimPath: stuck.dir });
    await hanging.start();
    const child = startCli(['doctor'], { DOCKER_HOST: hanging.host });
    let stderr = '';
    let signalledAt = 0;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (signalledAt === 0 && /probing io\.containerd\.wasmedge\.v1/.test(stderr)) {
        // the start request is in flight by now, held by the stand-in
        setTimeout(() => {
          signalledAt = performance.now();
          child.kill('SIGINT');
        }, 2_000);
      }
    });
    const result = await child;
    expect(signalledAt, `never reached the stuck probe: ${stderr}`).toBeGreaterThan(0);
    expect(result.exitCode, stderr).toBe(130);
    expect(performance.now() - signalledAt).toBeLessThan(10_000);
    expect(stderr).not.toMatch(/could not remove/);
    const engine = new DockerEngine(resolveEndpoint({ DOCKER_HOST: hanging.host }));
    expect(await engine.listContainers(toolFilter)).toEqual([]);
    expect(standIns(stuck.path), 'stand-in shim processes left running').toEqual([]);
  }, 120_000);
});
