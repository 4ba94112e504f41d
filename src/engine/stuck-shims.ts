// A container whose start never returns holds dockerd until its shim exits (seen: Docker 28 entering the
// network namespace of a runwasi task that reports no pid yet; the start, and every remove after it, then
// wait without end). The shim's processes, found by the container id on their command line, are killed, so
// that dockerd lets the container go and it can be removed. Only for an engine on this machine.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The pids of the processes whose command line (argv) `matches`. */
export function processesWhere(matches: (argv: string[]) => boolean, proc = '/proc'): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync(proc)) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(join(proc, entry, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (matches(argv)) pids.push(Number(entry));
  }
  return pids;
}

/** The pids of the containerd shims serving this container: `containerd-shim-* ... -id <container id> ...`. */
export function shimsOf(containerId: string, proc = '/proc'): number[] {
  return processesWhere((argv) => {
    const id = argv.indexOf('-id');
    // the shim binary is argv[0], or argv[1] under an interpreter (a script standing in for a shim)
    const isShim = argv.slice(0, 2).some((arg) => basename(arg).startsWith('containerd-shim'));
    return isShim && id > 0 && argv[id + 1] === containerId;
  }, proc);
}

/** Kills them (SIGKILL: a stuck runwasi shim ignores SIGTERM); returns the pids it killed. */
export function killShimsOf(containerId: string, proc = '/proc'): number[] {
  return shimsOf(containerId, proc).filter((pid) => {
    try {
      process.kill(pid, 'SIGKILL');
      return true;
    } catch {
      return false; // exited meanwhile
    }
  });
}
