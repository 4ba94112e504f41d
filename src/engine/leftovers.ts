// What earlier runs left in Docker (everything carries the tool's label), and its removal.
import { messageOf } from '../errors.js';
import { kindLabel, ownerIsAlive, ownerLabel, toolFilter } from './labels.js';
import type { ContainerEngine, LabelledObject } from './types.js';

export interface Leftover {
  type: 'container' | 'image';
  id: string;
  names: string[];
  kind: string;
  state?: string;
  /** why it is kept, when it is */
  kept?: string;
  removed?: boolean;
  error?: string;
}

/** One labelled object as a leftover; kept when the run that made it is still going on this host. */
function leftoverOf(type: Leftover['type'], object: LabelledObject): Leftover {
  const owner = object.labels[ownerLabel];
  return {
    type,
    id: object.id,
    names: object.names,
    kind: object.labels[kindLabel] ?? '?',
    ...(object.state ? { state: object.state } : {}),
    ...(ownerIsAlive(owner) ? { kept: `its run (${owner}) is still going` } : {}),
  };
}

export async function findLeftovers(engine: ContainerEngine, withImages: boolean): Promise<Leftover[]> {
  const containers = (await engine.listContainers(toolFilter)).map((container) => leftoverOf('container', container));
  const images = withImages ? (await engine.listImages(toolFilter)).map((image) => leftoverOf('image', image)) : [];
  return [...containers, ...images];
}

export async function removeLeftovers(engine: ContainerEngine, leftovers: Leftover[]): Promise<Leftover[]> {
  const result: Leftover[] = [];
  for (const item of leftovers) {
    if (item.kept) {
      result.push(item);
      continue;
    }
    try {
      if (item.type === 'container') await engine.removeContainer(item.id);
      else await engine.removeImage(item.names[0] ?? item.id);
      result.push({ ...item, removed: true });
    } catch (error) {
      result.push({ ...item, removed: false, error: messageOf(error) });
    }
  }
  return result;
}
