// Commands that use Docker get the engine through here: it checks the engine answers (one clear line
// naming the host when not), and removes everything the command registered, however it ends (also when
// a second Ctrl-C or the grace period cuts the command short).
import { CleanupRegistry } from '../engine/cleanup.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { ContainerEngine } from '../engine/types.js';
import { interruptSignal, onForcedExit } from './interrupts.js';

export interface EngineSession {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  signal: AbortSignal;
}

export async function withEngine<T>(action: (session: EngineSession) => Promise<T>): Promise<T> {
  const engine = new DockerEngine();
  await engine.ping();
  const registry = new CleanupRegistry(engine);
  const forget = onForcedExit(async () => {
    await registry.disposeAll();
  });
  try {
    return await action({ engine, registry, signal: interruptSignal });
  } finally {
    const problems = await registry.disposeAll();
    for (const problem of problems) process.stderr.write(`warning: could not remove ${problem} (try \`dockerwasm clean\`)\n`);
    forget();
  }
}
