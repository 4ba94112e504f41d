// Image size, measured the same way on every engine from `docker save` (an OCI layout tar):
//   contentBytes: the image's manifest + config + layer blobs as stored (layers compressed), i.e. what a
//                 registry stores and a pull transfers;
//   uncompressedBytes: the image's layers uncompressed (tar streams), about what it takes once unpacked.
// (`Size` from the images endpoints means different things on different engines: with the containerd
// store, `/images/{name}/json` gives the compressed content and `/images/json` adds the unpacked snapshot.)
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { DockerwasmError } from '../errors.js';
import type { ContainerEngine } from './types.js';

export interface ImageSize {
  contentBytes: number;
  uncompressedBytes: number;
  layers: number;
}

interface Blob {
  size: number;
  uncompressedSize: number;
  json?: unknown;
}

interface Descriptor {
  digest: string;
  mediaType?: string;
  size?: number;
}

const gzipMagic = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

async function countBytes(stream: AsyncIterable<unknown>): Promise<number> {
  let total = 0;
  for await (const chunk of stream) total += (chunk as Buffer).length;
  return total;
}

/** Reads every blob of an OCI layout tar: sizes, uncompressed sizes, and the small JSON documents. */
async function readLayout(archive: Readable): Promise<{ blobs: Map<string, Blob>; index: unknown }> {
  const blobs = new Map<string, Blob>();
  let index: unknown;
  const extractor = extract();
  archive.pipe(extractor);
  for await (const entry of extractor) {
    const name = entry.header.name;
    const size = entry.header.size ?? 0;
    if (name === 'index.json') {
      index = JSON.parse((await readAll(entry)).toString('utf8'));
      continue;
    }
    const match = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(name);
    if (match === null || entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const digest = `${match[1]}:${match[2]}`;
    if (size < 64 * 1024) {
      const data = await readAll(entry);
      const blob: Blob = { size, uncompressedSize: size };
      if (gzipMagic(data)) blob.uncompressedSize = await countBytes(Readable.from([data]).pipe(createGunzip()));
      else if (data[0] === 0x7b) blob.json = tryJson(data);
      blobs.set(digest, blob);
    } else {
      const [head, rest] = await peek(entry);
      const uncompressed = gzipMagic(head) ? await countBytes(rest.pipe(createGunzip())) : await countBytes(rest);
      blobs.set(digest, { size, uncompressedSize: uncompressed });
    }
  }
  return { blobs, index };
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function tryJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Returns the first chunk and a stream of the whole content (first chunk included). */
async function peek(stream: AsyncIterable<unknown>): Promise<[Buffer, Readable]> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : (first.value as Buffer);
  async function* all() {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return [head, Readable.from(all())];
}

/** Sums the blobs reachable from the layout's index (index -> manifest(s) -> config + layers). */
export function sizeFromLayout(blobs: Map<string, Blob>, index: unknown): ImageSize {
  const result: ImageSize = { contentBytes: 0, uncompressedBytes: 0, layers: 0 };
  const counted = new Set<string>();
  const visit = (descriptor: Descriptor, role: 'manifest' | 'config' | 'layer') => {
    const blob = blobs.get(descriptor.digest);
    if (blob === undefined || counted.has(descriptor.digest)) return;
    counted.add(descriptor.digest);
    const doc = blob.json as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] } | undefined;
    if (role === 'manifest' && doc?.manifests !== undefined) {
      // an index: follow its image manifests, skipping attestations
      for (const child of doc.manifests) {
        const isAttestation = (child as { annotations?: Record<string, string> }).annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';
        if (!isAttestation) visit(child, 'manifest');
      }
      return;
    }
    result.contentBytes += blob.size;
    if (role === 'layer') {
      result.layers++;
      result.uncompressedBytes += blob.uncompressedSize;
    }
    if (role === 'manifest') {
      if (doc?.config) visit(doc.config, 'config');
      for (const layer of doc?.layers ?? []) visit(layer, 'layer');
    }
  };
  for (const descriptor of (index as { manifests?: Descriptor[] } | undefined)?.manifests ?? []) visit(descriptor, 'manifest');
  return result;
}

export async function measureImageSize(engine: ContainerEngine, reference: string): Promise<ImageSize> {
  const archive = await engine.exportImage(reference);
  const { blobs, index } = await readLayout(archive);
  const size = sizeFromLayout(blobs, index);
  if (size.contentBytes === 0) {
    throw new DockerwasmError('ENGINE', `could not read the size of ${reference}: its export has no OCI index`);
  }
  return size;
}
