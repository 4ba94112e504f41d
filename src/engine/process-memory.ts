// Memory of the engine's own processes on this machine, from /proc: the containerd shims (one per
// container for runc and for the runwasi shims: part of each container's cost) by PSS (shared pages split
// among the processes sharing them, so a shim's libraries are not counted once per shim), and dockerd and
// containerd by RSS. Only where the engine runs here; elsewhere `available` says why not.
import { readdirSync, readFileSync } from 'node:fs';

export interface EngineProcesses {
  /** pid to PSS in bytes, of every process whose name starts with containerd-shim */
  shims: Map<number, number>;
  /** RSS of dockerd and containerd together, bytes */
  engineBytes: number;
}

const kilobytesField = (text: string, field: string): number | null => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : null;
};

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** One reading of the engine's processes; null where /proc cannot be read. */
export function readEngineProcesses(proc = '/proc'): EngineProcesses | null {
  let entries: string[];
  try {
    entries = readdirSync(proc).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const shims = new Map<number, number>();
  let engineBytes = 0;
  for (const entry of entries) {
    // a process may end between the listing and the read: it is then simply not counted
    const name = readText(`${proc}/${entry}/comm`)?.trim();
    if (name === undefined) continue;
    if (name.startsWith('containerd-shim')) {
      const pss = kilobytesField(readText(`${proc}/${entry}/smaps_rollup`) ?? '', 'Pss');
      if (pss !== null) shims.set(Number(entry), pss);
    } else if (name === 'dockerd' || name === 'containerd') {
      engineBytes += kilobytesField(readText(`${proc}/${entry}/status`) ?? '', 'VmRSS') ?? 0;
    }
  }
  return { shims, engineBytes };
}
