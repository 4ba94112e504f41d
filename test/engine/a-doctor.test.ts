import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli } from './cli.js';

interface DoctorJson {
  engine: { serverVersion: string; apiVersion: string; imageStore: string; cpus: number; memoryBytes: number; host: string };
  runtimes: { name: string; kind: string; available: boolean; probe: { ok: boolean; ms: number | null; output: string } | null; reason: string | null; exitCodes: string | null }[];
}

describe('dockerwasm doctor (real engine)', () => {
  it('probes every runtime profile live and reports each in JSON', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', '--json']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as DoctorJson;
    expect(report.engine.imageStore).toBe('containerd');
    expect(report.engine.cpus).toBeGreaterThan(0);
    const byName = Object.fromEntries(report.runtimes.map((r) => [r.name, r]));
    expect(Object.keys(byName)).toEqual(['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1', 'io.containerd.spin.v2', 'io.containerd.slight.v1']);
    // every profile scripts/provision-engine.sh installs must work, the WasmEdge shim included
    for (const name of ['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1']) {
      expect(byName[name]!.probe, `${name}: ${byName[name]!.reason}`).toMatchObject({ ok: true, output: 'dockerwasm probe ok' });
      expect(byName[name]!.probe!.ms).toBeGreaterThan(0);
    }
    // a module exiting 7: both runwasi shims hand the code on; crun 1.21's WasmEdge handler (as provisioned) reports 0
    expect(byName['io.containerd.wasmtime.v1']!.exitCodes).toBe('propagated');
    expect(byName['io.containerd.wasmedge.v1']!.exitCodes).toBe('propagated');
    expect(byName['crun-wasmedge']!.exitCodes).toBe('lost');
    expect(byName['runc']!.exitCodes).toBeNull();
    for (const name of ['io.containerd.spin.v2', 'io.containerd.slight.v1']) {
      expect(byName[name]).toMatchObject({ available: false, probe: null });
      expect(byName[name]!.reason).toMatch(/not found on dockerd's PATH/);
    }
  });

  it('exits 6 when a required profile does not work', async () => {
    const { code, stderr } = await runCli(['doctor', '--require', 'io.containerd.spin.v2']);
    expect(code).toBe(6);
    expect(stderr).toMatch(/required runtime profile not working: io.containerd.spin.v2/);
  });

  it('a reader that stops early (`doctor | head -1`): exit 0, and the probe images it built are still removed', async () => {
    const probeImages = async () => (await execa('docker', ['images', '-q', '--filter', 'label=dockerwasm.kind=probe'])).stdout.trim().split('\n').filter(Boolean).sort();
    const before = await probeImages();
    const cli = `node --import tsx ${join(projectRoot, 'src/cli/main.ts')} doctor`;
    // bash waits for every command of the pipeline, so the CLI has ended when this returns
    const piped = await execa('bash', ['-o', 'pipefail', '-c', `${cli} 2>&1 | head -1`], { cwd: projectRoot, reject: false });
    expect(piped.stdout).toMatch(/^engine: Docker /);
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(await probeImages()).toEqual(before);
  });
});
