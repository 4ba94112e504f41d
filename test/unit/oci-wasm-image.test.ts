// The OCI Wasm image layout: every blob is where its digest says, with its size, and the chain
// index -> manifest -> config and layer is what runwasi's library reads (platform wasip1/wasm, one
// layer with a Wasm media type holding the module's bytes).
import { createHash } from 'node:crypto';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { checkOciLayout, ociWasmLayout } from '../../src/engine/oci-wasm-image.js';
import { makeContextTar } from '../../src/engine/build-context.js';

async function filesOf(tar: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.end(tar);
  await done;
  return files;
}

const module = Buffer.concat([Buffer.from('\0asm\x01\0\0\0'), Buffer.alloc(100, 7)]);

describe('an OCI Wasm image layout', () => {
  it('holds the module as its one Wasm layer, every blob under its own digest', async () => {
    const layout = await ociWasmLayout({ module, fileName: 'tree.wasm', reference: 'docker.io/library/dockerwasm-tree:oci', labels: { 'dockerwasm.run': 'x' } });
    const files = await filesOf(layout.tar);
    expect(JSON.parse(files.get('oci-layout')!.toString())).toEqual({ imageLayoutVersion: '1.0.0' });
    for (const [name, data] of files) {
      if (!name.startsWith('blobs/sha256/')) continue;
      expect(createHash('sha256').update(data).digest('hex'), name).toBe(name.slice('blobs/sha256/'.length));
    }
    const blob = (digest: string) => files.get(`blobs/sha256/${digest.slice('sha256:'.length)}`)!;
    const index = JSON.parse(files.get('index.json')!.toString());
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]).toMatchObject({ digest: layout.manifestDigest, platform: { architecture: 'wasm', os: 'wasip1' } });
    expect(index.manifests[0].annotations['io.containerd.image.name']).toBe('docker.io/library/dockerwasm-tree:oci');
    const manifest = JSON.parse(blob(layout.manifestDigest).toString());
    expect(index.manifests[0].size).toBe(blob(layout.manifestDigest).length);
    expect(manifest.config).toMatchObject({ digest: layout.configDigest, size: blob(layout.configDigest).length });
    expect(manifest.layers).toEqual([{ mediaType: 'application/wasm', digest: layout.layerDigest, size: module.length, annotations: { 'org.opencontainers.image.title': 'tree.wasm' } }]);
    expect(blob(layout.layerDigest).equals(module)).toBe(true);
    const config = JSON.parse(blob(layout.configDigest).toString());
    expect(config).toMatchObject({ architecture: 'wasm', os: 'wasip1', config: { Entrypoint: ['/tree.wasm'], Labels: { 'dockerwasm.run': 'x' } }, rootfs: { diff_ids: [] } });
  });

  it('is the same bytes for the same module (a fixed mtime)', async () => {
    const a = await ociWasmLayout({ module, fileName: 'm.wasm', reference: 'docker.io/library/m:1' });
    const b = await ociWasmLayout({ module, fileName: 'm.wasm', reference: 'docker.io/library/m:1' });
    expect(a.tar.equals(b.tar)).toBe(true);
  });

  it('refuses a reference containerd would not resolve, and a file name with a path', async () => {
    await expect(ociWasmLayout({ module, fileName: 'm.wasm', reference: 'm:1' })).rejects.toThrow(/fully qualified/);
    await expect(ociWasmLayout({ module, fileName: '../m.wasm', reference: 'docker.io/library/m:1' })).rejects.toThrow(/plain file name/);
  });
});

describe('an ordinary image layout of the same module', () => {
  it('holds it as a file in one tar+gzip filesystem layer, its diff_id the uncompressed tar, platform linux/amd64', async () => {
    const { gunzipSync } = await import('node:zlib');
    const layout = await ociWasmLayout({ form: 'file', module, fileName: 'tree.wasm', reference: 'docker.io/library/dockerwasm-tree:file' });
    expect(layout.platform).toBe('linux/amd64');
    const files = await filesOf(layout.tar);
    const blob = (digest: string) => files.get(`blobs/sha256/${digest.slice('sha256:'.length)}`)!;
    const manifest = JSON.parse(blob(layout.manifestDigest).toString());
    expect(manifest.layers).toEqual([{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layout.layerDigest, size: blob(layout.layerDigest).length }]);
    const layerTar = gunzipSync(blob(layout.layerDigest));
    const config = JSON.parse(blob(layout.configDigest).toString());
    expect(config).toMatchObject({ architecture: 'amd64', os: 'linux', rootfs: { diff_ids: [`sha256:${createHash('sha256').update(layerTar).digest('hex')}`] } });
    const inLayer = await filesOf(layerTar);
    expect([...inLayer.keys()]).toEqual(['tree.wasm']);
    expect(inLayer.get('tree.wasm')!.equals(module)).toBe(true);
  });
  it('checks a layout before an engine sees it: a corrupt one is refused in one line saying what is wrong', async () => {
    const layout = await ociWasmLayout({ module, fileName: 'm.wasm', reference: 'dockerwasm.local/m:1' });
    expect(await checkOciLayout(layout.tar)).toEqual({ manifests: 1, blobs: 3 });
    const files = await filesOf(layout.tar);
    const rebuilt = (change: (files: Map<string, Buffer>) => void) => {
      const copy = new Map(files);
      change(copy);
      return makeContextTar([...copy].map(([path, data]) => ({ path, data })));
    };
    const layerPath = `blobs/sha256/${layout.layerDigest.slice('sha256:'.length)}`;
    const refusals: [string, Buffer][] = [
      ['the tar cannot be read', layout.tar.subarray(0, 700)],
      ['no index.json', await rebuilt((f) => f.delete('index.json'))],
      ['index.json is not JSON', await rebuilt((f) => f.set('index.json', Buffer.from('{')))],
      [`layer 1 ${layout.layerDigest} is not among the blobs`, await rebuilt((f) => f.delete(layerPath))],
      [`layer 1 ${layout.layerDigest} does not have that digest`, await rebuilt((f) => f.set(layerPath, Buffer.from(files.get(layerPath)!).fill(1, 8)))],
      [`layer 1 ${layout.layerDigest} is 1 bytes`, await rebuilt((f) => f.set(layerPath, Buffer.from('x')))],
    ];
    for (const [why, tar] of refusals) {
      const error = await checkOciLayout(tar).then(() => null, (e: unknown) => e as Error & { code?: string });
      expect(error, why).not.toBeNull();
      expect(error!.code).toBe('INPUT');
      expect(error!.message).toContain(why);
      expect(error!.message).not.toContain('\n');
    }
  });
});
