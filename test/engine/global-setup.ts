// The engine suite needs a Docker engine. When none answers, the suite fails here with a message that
// says so; it never skips.
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { messageOf } from '../../src/errors.js';

export default async function setup(): Promise<void> {
  const engine = new DockerEngine();
  try {
    await engine.ping();
  } catch (error) {
    throw new Error(`ENGINE TESTS CANNOT RUN: no Docker engine answers at ${engine.endpoint.host} (${messageOf(error)}). Start one with \`sudo scripts/provision-engine.sh\`.`);
  }
}
