// Labels on everything dockerwasm creates in Docker, so it can always be found and removed.
import { randomBytes } from 'node:crypto';

export const toolLabel = 'dockerwasm';
export const sessionLabel = 'dockerwasm.session';
export const kindLabel = 'dockerwasm.kind';
export const runLabel = 'dockerwasm.run';

export type ObjectKind = 'probe' | 'experiment' | 'base' | 'test';

/** one id per process: every object this process creates carries it */
export const sessionId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export function labelsFor(kind: ObjectKind, extra: Record<string, string> = {}): Record<string, string> {
  return { [toolLabel]: 'true', [sessionLabel]: sessionId, [kindLabel]: kind, ...extra };
}

/** filters for listing: everything of the tool, or of one session */
export const toolFilter = `${toolLabel}=true`;
export const sessionFilter = (id = sessionId) => `${sessionLabel}=${id}`;
