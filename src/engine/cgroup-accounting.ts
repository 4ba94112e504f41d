// A container's CPU time (and its cgroup's memory), read from the kernel's own accounting: each container is
// created under a parent cgroup of its own (HostConfig.CgroupParent). The runtime removes the container's cgroup
// when it ends, but the parent's counters keep what its children used, so the parent is read after the exit
// and then removed. Works when the engine runs on this machine with the cgroupfs driver (cgroup v1 or v2);
// otherwise the figures are absent and `description` says why.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ownerIsAlive } from './labels.js';
import type { EngineInfo } from './types.js';

export interface CgroupUsage {
  /** CPU time of every process in the container's cgroup (user + system), ms */
  cpuMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

export interface CgroupLease {
  /** HostConfig.CgroupParent for the container */
  parent: string;
  /** the usage so far; null when the parent cgroup cannot be read */
  usage(): CgroupUsage | null;
  /** memory charged to the cgroup now (bytes), null when unreadable */
  memoryBytes(): number | null;
  /** removes the parent cgroup (and any empty child the runtime left); never throws; false while it is still there */
  remove(): boolean;
}

export interface CgroupAccounting {
  available: boolean;
  /** how CPU time is read, or why it is not */
  description: string;
  /** a parent cgroup for one container; undefined when not available */
  lease(): CgroupLease | undefined;
}

export const cgroupPrefix = 'dockerwasm-';
const defaultRoot = '/sys/fs/cgroup';

const unavailable = (why: string): CgroupAccounting => ({ available: false, description: `not measured: ${why}`, lease: () => undefined });

const readNumber = (path: string): number | null => {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
};

/** `key value` lines, as cgroup v2's cpu.stat */
const readKeyed = (path: string): Map<string, number> | null => {
  try {
    return new Map(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string])
        .map(([key, value]) => [key, Number(value)]),
    );
  } catch {
    return null;
  }
};

/** rmdir of a cgroup directory, its child cgroups first; cgroup control files go with their directory */
function removeCgroupDirectory(path: string): void {
  if (!existsSync(path)) return;
  try {
    for (const child of subdirectories(path)) removeCgroupDirectory(child);
    rmdirSync(path);
  } catch {
    // busy (a process still in it) or gone: `dockerwasm clean` removes what is left
  }
}

/** The directories directly under `path` ([] when it cannot be read) */
function subdirectories(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(path, entry.name));
  } catch {
    return [];
  }
}

/** Every directory under the cgroup root where a parent of this name may have been made (one per v1 hierarchy). */
function hierarchyDirectories(root: string, name: string, version: '1' | '2'): string[] {
  return version === '2' ? [join(root, name)] : subdirectories(root).map((hierarchy) => join(hierarchy, name));
}

function leaseIn(root: string, version: '1' | '2'): CgroupLease {
  // the pid says whose it is, so `clean` leaves a live run's alone
  const name = `${cgroupPrefix}${process.pid}-${randomBytes(6).toString('hex')}`;
  const ms = (value: number, per: number) => Math.round((value / per) * 1000) / 1000;
  return {
    parent: `/${name}`,
    usage() {
      if (version === '1') {
        const dir = join(root, 'cpuacct', name);
        const total = readNumber(join(dir, 'cpuacct.usage'));
        const user = readNumber(join(dir, 'cpuacct.usage_user'));
        const system = readNumber(join(dir, 'cpuacct.usage_sys'));
        if (total === null || user === null || system === null) return null;
        return { cpuMs: ms(total, 1e6), cpuUserMs: ms(user, 1e6), cpuSystemMs: ms(system, 1e6) };
      }
      const stat = readKeyed(join(root, name, 'cpu.stat'));
      const total = stat?.get('usage_usec');
      const user = stat?.get('user_usec');
      const system = stat?.get('system_usec');
      if (total === undefined || user === undefined || system === undefined) return null;
      return { cpuMs: ms(total, 1e3), cpuUserMs: ms(user, 1e3), cpuSystemMs: ms(system, 1e3) };
    },
    memoryBytes() {
      return version === '1' ? readNumber(join(root, 'memory', name, 'memory.usage_in_bytes')) : readNumber(join(root, name, 'memory.current'));
    },
    remove() {
      const dirs = hierarchyDirectories(root, name, version);
      for (const dir of dirs) removeCgroupDirectory(dir);
      return dirs.every((dir) => !existsSync(dir));
    },
  };
}

/** How this machine can account a container's CPU time, decided from what the engine says of itself. */
export function cgroupAccounting(info: Pick<EngineInfo, 'onThisMachine' | 'cgroupVersion' | 'cgroupDriver'>, root = defaultRoot): CgroupAccounting {
  if (!info.onThisMachine) return unavailable("the engine runs elsewhere (another machine or Docker Desktop's VM): its cgroups are not visible here");
  if (info.cgroupDriver !== 'cgroupfs') return unavailable(`the engine's cgroup driver is ${info.cgroupDriver || 'unknown'}; dockerwasm reads CPU time with the cgroupfs driver only`);
  const version = info.cgroupVersion === '2' ? '2' : info.cgroupVersion === '1' ? '1' : null;
  if (version === null) return unavailable(`the engine reports cgroup version '${info.cgroupVersion}'`);
  const probe = version === '1' ? join(root, 'cpuacct', 'cpuacct.usage') : join(root, 'cgroup.controllers');
  if (!existsSync(probe)) return unavailable(`${probe} is not readable here`);
  const where = version === '1' ? `${join(root, 'cpuacct')}/${cgroupPrefix}*/cpuacct.usage{,_user,_sys}` : `${root}/${cgroupPrefix}*/cpu.stat`;
  return {
    available: true,
    description: `cgroup v${version}: each container under a parent cgroup of its own, read after it exits (${where})`,
    lease: () => leaseIn(root, version),
  };
}

/** Removes the cgroups of this name under every hierarchy (v2's root and each v1 one), as containerd leaves
 * them for a namespace; returns the ones still there (busy). */
export function removeNamedCgroups(name: string, root = defaultRoot): string[] {
  const paths = [join(root, name), ...subdirectories(root).map((hierarchy) => join(hierarchy, name))];
  for (const path of paths) removeCgroupDirectory(path);
  return paths.filter((path) => existsSync(path));
}

/** Parent cgroups earlier runs left (a killed run); removes the empty ones of runs no longer alive and returns their paths. */
export function removeLeftoverCgroups(root = defaultRoot): string[] {
  const removed: string[] = [];
  // the v2 root itself, and each v1 hierarchy
  for (const hierarchy of [root, ...subdirectories(root)]) {
    let entries: string[];
    try {
      entries = readdirSync(hierarchy).filter((entry) => {
        const pid = /^dockerwasm-(\d+)-/.exec(entry)?.[1];
        return entry.startsWith(cgroupPrefix) && !(pid !== undefined && (Number(pid) === process.pid || ownerIsAlive(`${hostname()}:${pid}`)));
      });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(hierarchy, entry);
      removeCgroupDirectory(path);
      if (!existsSync(path)) removed.push(path);
    }
  }
  return removed;
}
