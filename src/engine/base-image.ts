// The Linux base image. The thesis used alpine; when alpine is neither present nor pullable (no registry
// here), dockerwasm makes a stand-in: a root filesystem holding a static busybox, `docker import`ed.
// Every result records which base it used.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { pack } from 'tar-stream';
import { DockerwasmError, messageOf } from '../errors.js';
import { measureImageSize, type ImageSize } from './image-size.js';
import { kindLabel, sessionId, sessionLabel, toolLabel } from './labels.js';
import type { ContainerEngine } from './types.js';

export const standInBase = 'dockerwasm/base:busybox';
const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox'];

export interface BaseImage extends ImageSize {
  reference: string;
  id: string;
  source: 'present' | 'pulled' | 'stand-in';
  description: string;
}

async function findStaticBusybox(): Promise<string> {
  for (const path of busyboxCandidates) {
    if (!existsSync(path)) continue;
    const head = await readFile(path).then((data) => data.subarray(0, 4096));
    // a static executable has no PT_INTERP segment, hence no "/lib64/ld-linux" string near the start
    if (!head.includes(Buffer.from('ld-linux'))) return path;
  }
  throw new DockerwasmError('TOOLCHAIN', 'no static busybox found to make the stand-in base image', {
    hint: 'install it with `apt-get install busybox-static`, or make `alpine:3.20` available (docker pull / docker load)',
  });
}

/** A root filesystem: /bin/busybox, a link per applet, and the folders programs expect. */
async function busyboxRootfs(busybox: string): Promise<Readable> {
  const { stdout } = await promisify(execFile)(busybox, ['--list']);
  const applets = stdout.split('\n').map((name) => name.trim()).filter((name) => /^[\w.[-]+$/.test(name) && name !== 'busybox');
  const archive = pack();
  const mtime = new Date(0);
  for (const dir of ['bin', 'tmp', 'etc', 'app']) archive.entry({ name: dir, type: 'directory', mode: dir === 'tmp' ? 0o1777 : 0o755, mtime });
  const binary = await readFile(busybox);
  archive.entry({ name: 'bin/busybox', mode: 0o755, mtime, size: binary.length }, binary);
  for (const applet of applets) archive.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mtime });
  archive.entry({ name: 'etc/passwd', mode: 0o644, mtime }, 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  archive.finalize();
  return archive as unknown as Readable;
}

export async function makeStandInBase(engine: ContainerEngine, platform = 'linux/amd64'): Promise<void> {
  const busybox = await findStaticBusybox();
  const changes = [
    'CMD ["/bin/sh"]',
    'ENV PATH=/bin',
    `LABEL ${toolLabel}="true" ${kindLabel}="base" ${sessionLabel}="${sessionId}" org.opencontainers.image.description="dockerwasm stand-in for alpine: static busybox from ${busybox}"`,
  ];
  await engine.importImage(await busyboxRootfs(busybox), standInBase, changes, platform);
}

async function describe(engine: ContainerEngine, reference: string, source: BaseImage['source'], wanted: string): Promise<BaseImage> {
  const details = await engine.inspectImage(reference);
  if (details === undefined) throw new DockerwasmError('ENGINE', `base image ${reference} vanished`);
  const size = await measureImageSize(engine, reference);
  const description =
    source === 'stand-in' ? `${reference} (stand-in for ${wanted === standInBase ? 'a Linux base' : wanted}: static busybox, docker import)` : `${reference} (${source})`;
  return { reference, id: details.id, source, description, ...size };
}

/**
 * The base to build Linux images on: `configured` when present or pullable within `pullTimeoutMs`,
 * else the busybox stand-in (made when missing and `makeStandIn` allows it).
 */
export async function resolveLinuxBase(
  engine: ContainerEngine,
  options: { configured: string; pullTimeoutMs?: number; makeStandIn?: boolean; onProgress?: (line: string) => void },
): Promise<BaseImage> {
  const { configured } = options;
  if ((await engine.inspectImage(configured)) !== undefined) return describe(engine, configured, 'present', configured);
  if (configured !== standInBase) {
    options.onProgress?.(`${configured} is not present; trying to pull it`);
    try {
      await engine.pullImage(configured, AbortSignal.timeout(options.pullTimeoutMs ?? 20_000));
      if ((await engine.inspectImage(configured)) !== undefined) return describe(engine, configured, 'pulled', configured);
    } catch (error) {
      options.onProgress?.(`cannot pull ${configured} (${messageOf(error)}); using the stand-in ${standInBase}`);
    }
  }
  if ((await engine.inspectImage(standInBase)) === undefined) {
    if (options.makeStandIn === false) {
      throw new DockerwasmError('INPUT', `neither ${configured} nor ${standInBase} is available`, { hint: 'run `dockerwasm base`' });
    }
    options.onProgress?.(`making ${standInBase} from the host's static busybox`);
    await makeStandInBase(engine);
  }
  return describe(engine, standInBase, 'stand-in', configured);
}
