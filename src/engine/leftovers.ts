// What earlier runs left in Docker (everything carries the tool's label), and its removal.
import { messageOf } from '../errors.js';
import { kindLabel, ownerIsAlive, ownerLabel, toolFilter } from './labels.js';
import type { ContainerEngine } from './types.js';

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

export async function findLeftovers(engine: ContainerEngine, withImages: boolean): Promise<Leftover[]> {
  const found: Leftover[] = [];
  for (const container of await engine.listContainers(toolFilter)) {
    const owner = container.labels[ownerLabel];
    found.push({
      type: 'container',
      id: container.id,
      names: container.names,
      kind: container.labels[kindLabel] ?? '?',
      ...(container.state ? { state: container.state } : {}),
      ...(ownerIsAlive(owner) ? { kept: `its run (${owner}) is still going` } : {}),
    });
  }
  if (withImages) {
    for (const image of await engine.listImages(toolFilter)) {
      const owner = image.labels[ownerLabel];
      found.push({
        type: 'image',
        id: image.id,
        names: image.names,
        kind: image.labels[kindLabel] ?? '?',
        ...(ownerIsAlive(owner) ? { kept: `its run (${owner}) is still going` } : {}),
      });
    }
  }
  return found;
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
