// Labels on everything dockerwasm creates in Docker, so it can always be found and removed.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const toolLabel = 'dockerwasm';
export const sessionLabel = 'dockerwasm.session';
export const kindLabel = 'dockerwasm.kind';
export const runLabel = 'dockerwasm.run';
/** the process that made the object, so `clean` can spare a run still going on this host */
export const ownerLabel = 'dockerwasm.owner';

export type ObjectKind = 'probe' | 'experiment' | 'base' | 'test';

/** one id per process: every object this process creates carries it */
export const sessionId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export function labelsFor(kind: ObjectKind, extra: Record<string, string> = {}): Record<string, string> {
  return { [toolLabel]: 'true', [sessionLabel]: sessionId, [kindLabel]: kind, [ownerLabel]: ownerId, ...extra };
}

export const ownerId = `${hostname()}:${process.pid}`;

/** True when the owner label names a process alive on this host (other than this one). */
export function ownerIsAlive(owner: string | undefined): boolean {
  if (owner === undefined || owner === ownerId) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname() || pid === undefined) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** filters for listing: everything of the tool, or of one session */
export const toolFilter = `${toolLabel}=true`;
export const sessionFilter = (id = sessionId) => `${sessionLabel}=${id}`;
