// An image of one Wasm module as an OCI image layout (a tar), in one of two forms:
// - 'wasm-layer', an OCI Wasm image: its one layer is the module itself, with a Wasm media type, and its
//   config names the platform wasip1/wasm, as runwasi's oci-tar-builder makes them. A shim built on
//   runwasi's containerd-shim-wasm finds such a layer through containerd (when the engine tells containerd
//   which image a container runs) and may precompile it once and keep the result in containerd's content
//   store.
// - 'file', an ordinary image: one filesystem layer (tar+gzip) holding the module at its root, what
//   `FROM scratch` + `COPY` gives; the shim reads the file from the root filesystem and compiles it at every
//   start.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { DockerwasmError } from '../errors.js';
import { makeContextTar } from './build-context.js';

/** the layer media types runwasi's library accepts by default for a module */
export const wasmLayerMediaTypes = ['application/wasm', 'application/vnd.bytecodealliance.wasm.component.layer.v0+wasm'] as const;
export type WasmLayerMediaType = (typeof wasmLayerMediaTypes)[number];

export type OciWasmImageForm = 'wasm-layer' | 'file';

export interface OciWasmImage {
  form?: OciWasmImageForm;
  /** the module's bytes */
  module: Buffer;
  /** its name in the image: the entrypoint is `/<fileName>` */
  fileName: string;
  /** a fully qualified reference, e.g. docker.io/library/dockerwasm-tree:oci (containerd keeps the name as given) */
  reference: string;
  layerMediaType?: WasmLayerMediaType;
  labels?: Record<string, string>;
}

export interface OciWasmLayout {
  tar: Buffer;
  /** os/architecture, as `ctr run --platform` takes it */
  platform: string;
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
}

interface Blob {
  digest: string;
  size: number;
  data: Buffer;
}

const blobOf = (data: Buffer | string): Blob => {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length, data: bytes };
};

const wasmPlatform = { architecture: 'wasm', os: 'wasip1' };
const linuxPlatform = { architecture: 'amd64', os: 'linux' };

export async function ociWasmLayout(image: OciWasmImage): Promise<OciWasmLayout> {
  if (!/^[\w.-]+$/.test(image.fileName)) throw new Error(`not a plain file name: ${image.fileName}`);
  if (!/^[\w.-]+(:\d+)?\/[\w./-]+:[\w.-]+$/.test(image.reference)) throw new Error(`not a fully qualified reference (host/name:tag): ${image.reference}`);
  const form = image.form ?? 'wasm-layer';
  const platform = form === 'wasm-layer' ? wasmPlatform : linuxPlatform;
  // the file form's layer is a filesystem: its uncompressed tar's digest is the config's diff_id
  const fileTar = form === 'file' ? await makeContextTar([{ path: image.fileName, data: image.module }]) : null;
  const layer = blobOf(fileTar ? gzipSync(fileTar) : image.module);
  const config = blobOf(
    JSON.stringify({
      ...platform,
      config: { Entrypoint: [`/${image.fileName}`], Labels: image.labels ?? {} },
      rootfs: { type: 'layers', diff_ids: fileTar ? [blobOf(fileTar).digest] : [] },
    }),
  );
  const manifest = blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
      layers: [
        fileTar
          ? { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }
          : { mediaType: image.layerMediaType ?? 'application/wasm', digest: layer.digest, size: layer.size, annotations: { 'org.opencontainers.image.title': image.fileName } },
      ],
    }),
  );
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: manifest.digest,
        size: manifest.size,
        platform,
        annotations: { 'io.containerd.image.name': image.reference, 'org.opencontainers.image.ref.name': image.reference.split(':').at(-1)! },
      },
    ],
  });
  const tar = await makeContextTar([
    { path: 'oci-layout', data: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { path: 'index.json', data: index },
    ...[layer, config, manifest].map((blob) => ({ path: `blobs/sha256/${blob.digest.slice('sha256:'.length)}`, data: blob.data })),
  ]);
  return { tar, platform: `${platform.os}/${platform.architecture}`, manifestDigest: manifest.digest, configDigest: config.digest, layerDigest: layer.digest };
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
}

/**
 * Checks an OCI image layout (a tar) before it goes to an engine: `oci-layout` and `index.json` present, and
 * every manifest, config and layer they name present as a blob of that size and digest. A layout that is not
 * one is refused with one line saying what is wrong, instead of an importer's error deep in the engine.
 */
export async function checkOciLayout(tar: Buffer): Promise<{ manifests: number; blobs: number }> {
  const refuse = (why: string) => new DockerwasmError('INPUT', `not a valid OCI image layout: ${why}`);
  const files = new Map<string, Buffer>();
  try {
    const extractor = extract();
    Readable.from([tar]).pipe(extractor);
    for await (const entry of extractor) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file') files.set(entry.header.name.replace(/^\.\//, ''), Buffer.concat(chunks));
    }
  } catch (error) {
    throw new DockerwasmError('INPUT', `not a valid OCI image layout: the tar cannot be read (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parse = <T>(data: Buffer, what: string): T => {
    try {
      return JSON.parse(data.toString('utf8')) as T;
    } catch {
      throw refuse(`${what} is not JSON`);
    }
  };
  const json = (name: string): Record<string, unknown> => {
    const data = files.get(name);
    if (data === undefined) throw refuse(`no ${name}`);
    return parse(data, name);
  };
  if (json('oci-layout').imageLayoutVersion !== '1.0.0') throw refuse('oci-layout does not say imageLayoutVersion 1.0.0');
  const blob = (descriptor: Descriptor, what: string): Buffer => {
    const match = /^(sha256):([0-9a-f]{64})$/.exec(descriptor.digest ?? '');
    if (match === null) throw refuse(`${what} has no sha256 digest`);
    const data = files.get(`blobs/${match[1]}/${match[2]}`);
    if (data === undefined) throw refuse(`${what} ${descriptor.digest} is not among the blobs`);
    if (data.length !== descriptor.size) throw refuse(`${what} ${descriptor.digest} is ${data.length} bytes, its descriptor says ${descriptor.size}`);
    if (blobOf(data).digest !== descriptor.digest) throw refuse(`${what} ${descriptor.digest} does not have that digest`);
    return data;
  };
  const manifests = (json('index.json').manifests ?? []) as Descriptor[];
  if (!Array.isArray(manifests) || manifests.length === 0) throw refuse('index.json names no manifest');
  let blobs = 0;
  for (const descriptor of manifests) {
    const manifest = parse<{ config?: Descriptor; layers?: Descriptor[] }>(blob(descriptor, 'manifest'), `manifest ${descriptor.digest}`);
    if (!manifest.config || !Array.isArray(manifest.layers)) throw refuse(`manifest ${descriptor.digest} has no config or no layers`);
    blob(manifest.config, 'config');
    manifest.layers.forEach((layer, index) => blob(layer, `layer ${index + 1}`));
    blobs += 2 + manifest.layers.length;
  }
  return { manifests: manifests.length, blobs };
}
