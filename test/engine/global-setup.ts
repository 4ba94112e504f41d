// The engine suite needs a Docker engine. When none answers, the suite fails here with a message that
// says so; it never skips. At the end, any container still carrying the tool's label fails the suite.
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { toolFilter } from '../../src/engine/labels.js';
import { messageOf } from '../../src/errors.js';

export default async function setup(): Promise<() => Promise<void>> {
  const engine = new DockerEngine();
  try {
    await engine.ping();
  } catch (error) {
    throw new Error(
      `ENGINE TESTS CANNOT RUN: no Docker engine answers at ${engine.endpoint.host} (${messageOf(error)}). ` +
        'Start one with `sudo scripts/provision-engine.sh`, or point DOCKER_HOST at one.',
    );
  }
  const before = new Set((await engine.listContainers(toolFilter)).map((c) => c.id));
  const imagesBefore = new Set((await engine.listImages(toolFilter)).map((i) => i.id));
  return async () => {
    const left = (await engine.listContainers(toolFilter)).filter((c) => !before.has(c.id));
    if (left.length > 0) {
      throw new Error(`the engine tests left ${left.length} labelled container(s): ${left.map((c) => `${c.id.slice(0, 12)} ${c.names.join(',')}`).join('; ')}`);
    }
    const imagesLeft = (await engine.listImages(toolFilter)).filter((i) => !imagesBefore.has(i.id));
    if (imagesLeft.length > 0) {
      throw new Error(`the engine tests left ${imagesLeft.length} labelled image(s): ${imagesLeft.map((i) => `${i.id.slice(7, 19)} ${i.names.join(',') || '<untagged>'}`).join('; ')}`);
    }
    process.stdout.write(`engine tests: no labelled containers or images left at ${engine.endpoint.host}\n`);
  };
}
