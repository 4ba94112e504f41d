import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/results/environment.js';
import { readSamples } from '../../src/results/sample-log.js';
import type { DensitySummary } from '../../src/results/summaries.js';
import { runCli, tempResults } from './cli.js';

// every profile the provisioning installs must work here: a missing one fails, never skips
const provisioned = ['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1'];

async function labelledContainers() {
  const { stdout } = await execa('docker', ['ps', '-aq', '--filter', 'label=dockerwasm']);
  return stdout.trim().split('\n').filter(Boolean);
}

describe('dockerwasm density (real engine)', () => {
  it('hello: 12 containers 4 at a time on runc and every Wasm profile, each completed, with latencies and memory', async () => {
    const dir = tempResults('density-hello');
    const before = await labelledContainers();
    const { code, stdout, stderr } = await runCli(['density', 'hello', '--containers', '12', '--concurrency', '4', '--rounds', '1', '--json', '--out', dir, '--out-anywhere']);
    expect(code, stderr).toBe(0);
    const { summary } = JSON.parse(stdout) as { summary: DensitySummary };
    expect(summary.complete).toBe(true);
    expect(summary.rows.map((r) => r.variant).sort()).toEqual([...provisioned].sort());
    const { records: cells, skipped } = readSamples(dir, 'density');
    expect(skipped).toEqual([]);
    expect(cells).toHaveLength(provisioned.length);
    for (const cell of cells) {
      expect(cell.containers.filter((c) => c.outcome === 'ok'), `${cell.variant}: ${JSON.stringify(cell.containers.find((c) => c.outcome !== 'ok'))}`).toHaveLength(12);
      expect(cell.peakAlive).toBe(4);
      for (const container of cell.containers) {
        // create to exit holds the create, the start and the program's own run: at least as long as its CPU time
        // spread over every CPU, and longer than the create alone
        expect(container.latencyMs!).toBeGreaterThan(container.createMs!);
        // its line came after the create, and by the time its exit was seen (the attach stream may trail a little)
        expect(container.firstOutputMs, `${cell.variant}: no first output`).not.toBeNull();
        expect(container.firstOutputMs!).toBeGreaterThan(container.createMs!);
        expect(container.firstOutputMs!).toBeLessThan(container.latencyMs! + 1000);
        expect(container.cpuMs, `${cell.variant}: no CPU time`).not.toBeNull();
        expect(container.latencyMs!).toBeGreaterThanOrEqual(container.cpuMs! / 2);
      }
      // the cell cannot end before the slowest container did
      expect(cell.wallMs).toBeGreaterThanOrEqual(Math.max(...cell.containers.map((c) => c.latencyMs!)));
      expect(cell.memory.readings, cell.variant).toBeGreaterThan(0);
      expect(cell.memory.containerBytes, cell.variant).toBeGreaterThan(0);
      expect(cell.memory.shimBytes, `${cell.variant}: no shim process seen`).toBeGreaterThan(1e6);
      expect(cell.hostCpuPercent).toBeGreaterThan(0);
    }
    for (const row of summary.rows) {
      expect(row.throughput!.mean).toBeGreaterThan(0);
      // 12 containers, 4 at a time, each taking at least its p50: no faster than 4 / p50
      expect(row.throughput!.mean).toBeLessThanOrEqual(4 / (row.latencyMs!.p50 / 1000) + 1e-9);
      expect(row.latencyMs!.p50).toBeLessThanOrEqual(row.latencyMs!.p99);
    }
    expect(readEnvironment(dir, 'density').warmups.map((w) => w.outcome)).toEqual(provisioned.map(() => 'ok'));
    for (const file of ['env.json', 'samples.jsonl', 'summary.json', 'report.md', 'charts/density-throughput.png']) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/containers\/s \[95% CI\]/);
    expect(await labelledContainers()).toEqual(before);
  });

  it('a workload: every container computes the Linux digest, and its create-to-exit covers its own compute time', async () => {
    const dir = tempResults('density-linreg');
    const { code, stderr } = await runCli(['density', 'linreg', '--containers', '4', '--concurrency', '2', '--rounds', '1', '--runtimes', 'io.containerd.wasmtime.v1', '--out', dir, '--out-anywhere']);
    expect(code, stderr).toBe(0);
    const { records: cells } = readSamples(dir, 'density');
    expect(cells.map((c) => c.variant).sort()).toEqual(['io.containerd.wasmtime.v1', 'runc']);
    for (const container of cells.flatMap((c) => c.containers)) {
      expect(container.outcome).toBe('ok');
      expect(container.computeMs).toBeGreaterThan(0);
      expect(container.latencyMs!).toBeGreaterThan(container.computeMs!);
    }
  });
});
