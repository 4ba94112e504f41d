// Engine faults, each against a private dockerd: unreachable hosts, an engine without the containerd
// image store, dockerd stopped before a run, dockerd restarted in the middle of one (and of a density run),
// and a Wasm shim killed with its container, which containerd cleans up with `<shim> delete` when it restarts.
import { execa } from 'execa';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSamples } from '../../src/results/sample-log.js';
import { runCli, startCli, tempResults } from './cli.js';
import { privateDockerd, type PrivateDockerd } from './private-dockerd.js';

const instances: PrivateDockerd[] = [];
afterAll(async () => {
  for (const instance of instances) await instance.destroy();
});

function oneLine(stderr: string) {
  const lines = stderr.trim().split('\n').filter((line) => !line.startsWith('  hint:'));
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('engine faults (private dockerd instances)', () => {
  it('DOCKER_HOST pointing nowhere: one line naming the host, exit 4', async () => {
    for (const host of ['unix:///tmp/dockerwasm-nowhere.sock', 'tcp://127.0.0.1:1']) {
      const { code, stderr } = await runCli(['doctor'], { DOCKER_HOST: host });
      expect(code).toBe(4);
      expect(oneLine(stderr)).toMatch(new RegExp(`cannot reach the Docker engine at ${host.replace(/[/.]/g, '\\$&')} \\(DOCKER_HOST\\)`));
    }
  });

  it('an engine without the containerd image store: Wasm shims unavailable, with the reason', async () => {
    const engine = privateDockerd({ containerdStore: false });
    instances.push(engine);
    await engine.start();
    const { code, stdout, stderr } = await runCli(['doctor', '--json'], { DOCKER_HOST: engine.host }, engine.cliPrefix);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.engine.imageStore).toBe('graphdriver');
    const wasmtime = report.runtimes.find((r: { name: string }) => r.name === 'io.containerd.wasmtime.v1');
    expect(wasmtime).toMatchObject({ available: false });
    expect(wasmtime.reason).toMatch(/containerd image store/);
    expect(report.runtimes.find((r: { name: string }) => r.name === 'runc').probe.ok).toBe(true);
    await engine.destroy();
  });

  it('dockerd stopped: doctor and compare exit 4 with one line', async () => {
    const engine = privateDockerd({ containerdStore: true });
    instances.push(engine);
    await engine.start();
    await engine.stop();
    const doctor = await runCli(['doctor'], { DOCKER_HOST: engine.host }, engine.cliPrefix);
    expect(doctor.code).toBe(4);
    expect(oneLine(doctor.stderr)).toMatch(/cannot reach the Docker engine at unix:\/\/.*docker\.sock/);
    const compare = await runCli(['compare', 'linreg', '--samples', '1', '--out', tempResults('stopped'), '--out-anywhere'], { DOCKER_HOST: engine.host }, engine.cliPrefix);
    expect(compare.code).toBe(4);
    expect(oneLine(compare.stderr)).toMatch(/cannot reach the Docker engine/);
    await engine.destroy();
  });

  it('dockerd restarted mid-run: the sample it cut is recorded as failed and the run goes on to the end', async () => {
    const engine = privateDockerd({ containerdStore: true });
    instances.push(engine);
    await engine.start();
    const dir = tempResults('restarted');
    const child = startCli(['compare', 'kmeans', '--observations', '200000', '--samples', '4', '--runtimes', 'crun-wasmedge', '--out', dir, '--out-anywhere'], { DOCKER_HOST: engine.host }, engine.cliPrefix);
    let stderr = '';
    let restarted: Promise<void> | undefined;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (restarted === undefined && /runs +3\//.test(stderr)) {
        restarted = (async () => {
          await engine.stop();
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          await engine.start();
        })();
      }
    });
    const result = await child;
    await restarted;
    expect(result.exitCode, stderr).toBe(0);
    expect(stderr).toMatch(/the engine stopped answering/);
    expect(stderr).toMatch(/the engine answers again; continuing/);
    const runs = readSamples(dir, 'compare').records.filter((r) => r.type === 'run');
    const failed = runs.filter((r) => r.type === 'run' && r.outcome !== 'ok');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(runs.filter((r) => r.type === 'run' && r.phase === 'sample' && r.outcome === 'ok').length).toBeGreaterThanOrEqual(4 * 2 - failed.length);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).complete).toBe(true);
    await engine.destroy();
  });

  it('dockerd stopped in the middle of a density run: the cells measured are kept, the cut one says so, one line and exit 4', async () => {
    const engine = privateDockerd({ containerdStore: true });
    instances.push(engine);
    await engine.start();
    const dir = tempResults('density-stopped');
    const child = startCli(['density', 'hello', '--containers', '40', '--concurrency', '2', '--rounds', '2', '--runtimes', 'crun-wasmedge', '--out', dir, '--out-anywhere'], { DOCKER_HOST: engine.host }, engine.cliPrefix);
    let stderr = '';
    let stopped: Promise<void> | undefined;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stopped === undefined && /cells 1\/4/.test(stderr)) stopped = new Promise((resolve) => setTimeout(resolve, 1_500)).then(() => engine.stop());
    });
    const result = await child;
    await stopped;
    expect(result.exitCode, stderr).toBe(4);
    expect(stderr).toMatch(/what was measured is kept in /);
    expect(stderr.trim().split('\n').filter((line) => line.startsWith('dockerwasm: error:'))).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    const { records: cells } = readSamples(dir, 'density');
    expect(cells[0]!.outcome).toBe('ok');
    expect(cells[0]!.containers.filter((c) => c.outcome === 'ok')).toHaveLength(40);
    const cut = cells.at(-1)!;
    expect(cut.outcome).toBe('engine-unavailable');
    expect(cut.containers.some((c) => c.outcome === 'engine-unavailable')).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).complete).toBe(false);
    // what was measured is summarised as the run stops; `dockerwasm report` draws its charts later
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/INCOMPLETE/);
    await engine.destroy();
    // a parent cgroup whose container was still running when the engine went is removed at the end, or by `clean`
    const clean = await runCli(['clean', '--json']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(readdirSync('/sys/fs/cgroup/cpuacct').filter((name) => name.startsWith(`dockerwasm-${child.pid}-`))).toEqual([]);
  });

  it('a Wasm shim left dead by a crash: the engine starts again, and containerd clears the dead task', async () => {
    // What a power cut or a killed session leaves: a task bundle whose shim is gone. containerd runs
    // `<shim> delete` on it at start-up without reading the bundle's log FIFO; a shim that waits to open
    // that FIFO holds containerd, and dockerd with it, for ever.
    const engine = privateDockerd({ containerdStore: true });
    instances.push(engine);
    await engine.start();
    await engine.stop();
    const namespace = 'dockerwasm-crashed';
    for (const shim of ['containerd-shim-wasmtime-v1', 'containerd-shim-wasmedge-v1']) {
      const bundle = join(engine.taskStateDir, namespace, `${namespace}-${shim}`);
      mkdirSync(join(bundle, 'rootfs'), { recursive: true });
      writeFileSync(join(bundle, 'config.json'), '{}');
      writeFileSync(join(bundle, 'shim-binary-path'), `/usr/local/bin/${shim}`);
      writeFileSync(join(bundle, 'address'), `unix://${bundle}/gone.sock`);
      await execa('mkfifo', [join(bundle, 'log')]);
    }
    await engine.start();
    expect(readdirSync(join(engine.taskStateDir, namespace))).toEqual([]);
    await engine.destroy();
  });
});
