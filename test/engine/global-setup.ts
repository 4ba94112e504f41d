// The engine suite needs a Docker engine. When none answers, the suite fails here with a message that
// says so; it never skips. At the end, any container or image still carrying the tool's label fails the
// suite, and so do a parent cgroup of the tool's left on the host and a host network interface (docker0
// above all) that was there before and is gone.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { resolveLinuxBase, standInBase } from '../../src/engine/base-image.js';
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
  const hostInterfaces = () => readdirSync('/sys/class/net');
  const interfacesBefore = hostInterfaces();
  const toolCgroups = () =>
    ['', ...readdirSync('/sys/fs/cgroup')].flatMap((hierarchy) => {
      try {
        return readdirSync(join('/sys/fs/cgroup', hierarchy)).filter((name) => name.startsWith('dockerwasm-')).map((name) => join('/sys/fs/cgroup', hierarchy, name));
      } catch {
        return [];
      }
    });
  const cgroupsBefore = new Set(toolCgroups());
  // the Linux stand-in base is made by any run that needs it; one the suite made is removed at the end
  const baseBefore = (await engine.inspectImage(standInBase)) !== undefined;
  return async () => {
    const gone = interfacesBefore.filter((name) => !hostInterfaces().includes(name));
    if (gone.length > 0) {
      throw new Error(`the engine tests removed the host's network interface(s) ${gone.join(', ')}: containers with networking on the main engine fail until dockerd restarts`);
    }
    // what a user does next: a container on the default bridge network of the main engine
    await resolveLinuxBase(engine, { configured: standInBase });
    const run = await execa('docker', ['run', '--rm', standInBase, 'echo', 'ok'], { reject: false });
    if (!baseBefore) await engine.removeImage(standInBase);
    if (run.stdout.trim() !== 'ok') throw new Error(`after the engine tests, \`docker run --rm ${standInBase} echo ok\` fails on the main engine: ${run.stderr.trim()}`);
    const networkCheck = `\`docker run --rm ${standInBase} echo ok\` works`;
    const left = (await engine.listContainers(toolFilter)).filter((c) => !before.has(c.id));
    if (left.length > 0) {
      throw new Error(`the engine tests left ${left.length} labelled container(s): ${left.map((c) => `${c.id.slice(0, 12)} ${c.names.join(',')}`).join('; ')}`);
    }
    // a base that was there before may have been removed (the clean test) and made again: same name, new id
    const imagesLeft = (await engine.listImages(toolFilter)).filter((i) => !imagesBefore.has(i.id) && !(baseBefore && i.names.includes(standInBase)));
    if (imagesLeft.length > 0) {
      throw new Error(`the engine tests left ${imagesLeft.length} labelled image(s): ${imagesLeft.map((i) => `${i.id.slice(7, 19)} ${i.names.join(',') || '<untagged>'}`).join('; ')}`);
    }
    const cgroupsLeft = toolCgroups().filter((path) => !cgroupsBefore.has(path));
    if (cgroupsLeft.length > 0) throw new Error(`the engine tests left ${cgroupsLeft.length} parent cgroup(s): ${cgroupsLeft.slice(0, 5).join(', ')}`);
    process.stdout.write(`engine tests: no labelled containers, images or parent cgroups left at ${engine.endpoint.host}; host interfaces intact (${interfacesBefore.join(', ')}); on the default network ${networkCheck}\n`);
  };
}
