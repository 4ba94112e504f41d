// Other dockerwasm processes using this engine now, found by the labels on what they made: any object
// of an experiment or a probe whose owner is another process still alive on this host, or a container
// of one that is running (its owner may be on another host). Measurements taken meanwhile shared the
// machine with them.
import { kindLabel, ownerId, ownerIsAlive, ownerLabel, runLabel, toolFilter } from './labels.js';
import type { ContainerEngine, LabelledObject } from './types.js';

export interface LiveRun {
  /** host:pid of the process */
  owner: string;
  /** its experiments' run ids (none while it only probes) */
  runs: string[];
  containers: number;
  images: number;
}

const measuringKinds = new Set(['experiment', 'probe']);

export async function liveRuns(engine: ContainerEngine): Promise<LiveRun[]> {
  const [containers, images] = await Promise.all([engine.listContainers(toolFilter), engine.listImages(toolFilter)]);
  const byOwner = new Map<string, LiveRun>();
  const note = (object: LabelledObject, type: 'containers' | 'images') => {
    const owner = object.labels[ownerLabel];
    if (owner === undefined || owner === ownerId || !measuringKinds.has(object.labels[kindLabel] ?? '')) return;
    if (!ownerIsAlive(owner) && object.state !== 'running') return;
    const live = byOwner.get(owner) ?? { owner, runs: [], containers: 0, images: 0 };
    const run = object.labels[runLabel];
    if (run !== undefined && !live.runs.includes(run)) live.runs.push(run);
    live[type] += 1;
    byOwner.set(owner, live);
  };
  containers.forEach((c) => note(c, 'containers'));
  images.forEach((i) => note(i, 'images'));
  return [...byOwner.values()];
}

/** "run-id (host:pid)", or the owner alone while it has no experiment yet */
export const liveRunName = (live: LiveRun) => (live.runs.length > 0 ? `${live.runs.join(', ')} (${live.owner})` : live.owner);
