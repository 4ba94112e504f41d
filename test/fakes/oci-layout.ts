// Builds a small OCI image layout tar (as `docker save` gives with the containerd store) for tests.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

const digestOf = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export async function ociLayoutTar(options: { layers: Buffer[]; wrapInIndex?: boolean }): Promise<Buffer> {
  const blobs = new Map<string, Buffer>();
  const add = (data: Buffer) => {
    const digest = digestOf(data);
    blobs.set(digest, data);
    return { digest, size: data.length };
  };
  const layers = options.layers.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...add(gzipSync(layer)) }));
  const config = { mediaType: 'application/vnd.oci.image.config.v1+json', ...add(Buffer.from(JSON.stringify({ os: 'linux', rootfs: {} }))) };
  const manifest = add(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers })));
  let top = { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest };
  if (options.wrapInIndex) {
    const attestation = add(Buffer.from(JSON.stringify({ schemaVersion: 2, layers: [] })));
    const nested = add(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          manifests: [top, { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...attestation, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }],
        }),
      ),
    );
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...nested };
  }
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  archive.entry({ name: 'oci-layout' }, '{"imageLayoutVersion":"1.0.0"}');
  archive.entry({ name: 'index.json' }, JSON.stringify({ schemaVersion: 2, manifests: [top] }));
  for (const [digest, data] of blobs) archive.entry({ name: `blobs/sha256/${digest.slice(7)}` }, data);
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
