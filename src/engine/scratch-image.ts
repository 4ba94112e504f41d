// An image of one file on nothing (`FROM scratch`) whose entrypoint is that file: the probes' hello
// programs, a module under test. Registered for removal before it is built.
import { makeContextTar } from './build-context.js';
import type { BuilderName } from './builders.js';
import type { CleanupRegistry } from './cleanup.js';
import type { ContainerEngine, Labels } from './types.js';

export interface ScratchImage {
  tag: string;
  /** the file's name in the image (at its root) */
  file: string;
  data: Buffer;
  /** 0o755 for a native program; a module needs no execute bit (runwasi takes an executable ELF for a Linux program) */
  mode?: number;
  platform: string;
  builder: BuilderName;
  labels: Labels;
  signal?: AbortSignal;
}

export function scratchDockerfile(file: string): string {
  return `FROM scratch\nCOPY ${file} /${file}\nENTRYPOINT ["/${file}"]\n`;
}

export async function buildScratchImage(engine: ContainerEngine, registry: CleanupRegistry, image: ScratchImage): Promise<string> {
  const context = await makeContextTar([
    { path: 'Dockerfile', data: scratchDockerfile(image.file) },
    { path: image.file, data: image.data, ...(image.mode === undefined ? {} : { mode: image.mode }) },
  ]);
  registry.image(image.tag);
  await engine.buildImage({
    tag: image.tag,
    platform: image.platform,
    context,
    dockerfile: 'Dockerfile',
    labels: image.labels,
    noCache: false,
    builder: image.builder,
    ...(image.signal === undefined ? {} : { signal: image.signal }),
  });
  return image.tag;
}
