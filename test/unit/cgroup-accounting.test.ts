import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupAccounting, removeLeftoverCgroups } from '../../src/engine/cgroup-accounting.js';

const local = { onThisMachine: true, cgroupDriver: 'cgroupfs' };

/** a cgroup v1 tree as the kernel lays it out: one directory per hierarchy, cpuacct's counters in ns */
function v1Root(): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerwasm-cgroup-v1-'));
  for (const hierarchy of ['cpuacct', 'memory', 'pids']) mkdirSync(join(root, hierarchy));
  writeFileSync(join(root, 'cpuacct', 'cpuacct.usage'), '0\n');
  return root;
}

describe('CPU time from a parent cgroup per container', () => {
  it('cgroup v1: reads cpuacct in ns as ms, and removes the parent from every hierarchy, the child the runtime left first', () => {
    const root = v1Root();
    const accounting = cgroupAccounting({ ...local, cgroupVersion: '1' }, root);
    expect(accounting.available).toBe(true);
    const lease = accounting.lease()!;
    expect(lease.parent).toBe(`/dockerwasm-${process.pid}-${lease.parent.slice(-12)}`);
    expect(lease.usage()).toBeNull(); // the engine has not made it yet
    const name = lease.parent.slice(1);
    for (const hierarchy of ['cpuacct', 'memory', 'pids']) mkdirSync(join(root, hierarchy, name, 'containerid'), { recursive: true });
    writeFileSync(join(root, 'cpuacct', name, 'cpuacct.usage'), '2762643408\n');
    writeFileSync(join(root, 'cpuacct', name, 'cpuacct.usage_user'), '2675607773\n');
    writeFileSync(join(root, 'cpuacct', name, 'cpuacct.usage_sys'), '88000000\n');
    writeFileSync(join(root, 'memory', name, 'memory.usage_in_bytes'), '4096\n');
    expect(lease.usage()).toEqual({ cpuMs: 2762.643, cpuUserMs: 2675.608, cpuSystemMs: 88 });
    expect(lease.memoryBytes()).toBe(4096);
    lease.remove();
    // a real cgroup's control files go with rmdir; this tree's regular files do not, so only the hierarchies without them are gone
    expect(existsSync(join(root, 'pids', name))).toBe(false);
    expect(existsSync(join(root, 'cpuacct', name))).toBe(true);
  });

  it('cgroup v2: reads cpu.stat in µs as ms', () => {
    const root = mkdtempSync(join(tmpdir(), 'dockerwasm-cgroup-v2-'));
    writeFileSync(join(root, 'cgroup.controllers'), 'cpu memory\n');
    const lease = cgroupAccounting({ ...local, cgroupVersion: '2' }, root).lease()!;
    const dir = join(root, lease.parent.slice(1));
    mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 1500250\nuser_usec 1400000\nsystem_usec 100250\nnr_periods 0\n');
    expect(lease.usage()).toEqual({ cpuMs: 1500.25, cpuUserMs: 1400, cpuSystemMs: 100.25 });
  });

  it('says why it cannot measure: a remote engine, the systemd driver, no cgroup tree here', () => {
    const root = v1Root();
    expect(cgroupAccounting({ onThisMachine: false, cgroupDriver: 'cgroupfs', cgroupVersion: '1' }, root).description).toMatch(/^not measured: the engine runs elsewhere/);
    expect(cgroupAccounting({ ...local, cgroupDriver: 'systemd', cgroupVersion: '2' }, root).description).toBe(
      "not measured: the engine's cgroup driver is systemd; dockerwasm reads CPU time with the cgroupfs driver only",
    );
    const missing = cgroupAccounting({ ...local, cgroupVersion: '1' }, join(root, 'nowhere'));
    expect(missing.available).toBe(false);
    expect(missing.lease()).toBeUndefined();
    expect(missing.description).toMatch(/cpuacct\.usage is not readable here$/);
  });

  it('`clean` removes the empty parent cgroups a killed run left, not a live run\'s, and only those named by the tool', () => {
    const root = v1Root();
    const dead = 'dockerwasm-999999999-0123456789ab';
    mkdirSync(join(root, 'cpuacct', dead));
    mkdirSync(join(root, 'memory', dead, 'child'), { recursive: true });
    mkdirSync(join(root, 'cpuacct', `dockerwasm-${process.ppid}-0123456789ab`));
    mkdirSync(join(root, 'cpuacct', 'docker'));
    expect(removeLeftoverCgroups(root).sort()).toEqual([join(root, 'cpuacct', dead), join(root, 'memory', dead)]);
    expect(existsSync(join(root, 'cpuacct', `dockerwasm-${process.ppid}-0123456789ab`))).toBe(true);
    expect(existsSync(join(root, 'cpuacct', 'docker'))).toBe(true);
  });
});
