// Commands that use Docker get the engine through here: it checks the engine answers (one clear line
// naming the host when not), and removes everything the command registered, however it ends.
import { CleanupRegistry } from '../engine/cleanup.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { ContainerEngine } from '../engine/types.js';
import { interruptSignal } from './interrupts.js';

export interface EngineSession {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  signal: AbortSignal;
}

const active = new Set<CleanupRegistry>();

export async function withEngine<T>(action: (session: EngineSession) => Promise<T>): Promise<T> {
  const engine = new DockerEngine();
  await engine.ping();
  const registry = new CleanupRegistry(engine);
  active.add(registry);
  try {
    return await action({ engine, registry, signal: interruptSignal });
  } finally {
    const problems = await registry.disposeAll();
    for (const problem of problems) process.stderr.write(`warning: could not remove ${problem} (try \`dockerwasm clean\`)\n`);
    active.delete(registry);
  }
}

/** Used when a signal's grace period ends before the command's own cleanup finished. */
export async function disposeActiveSessions(): Promise<void> {
  await Promise.all([...active].map((registry) => registry.disposeAll()));
}
