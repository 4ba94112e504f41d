import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { measureImageSize } from '../../src/engine/image-size.js';
import type { ContainerEngine } from '../../src/engine/types.js';
import { ociLayoutTar } from '../fakes/oci-layout.js';
import { gzipSync } from 'node:zlib';

const engineExporting = (tar: Buffer) => ({ exportImage: async () => Readable.from([tar]) }) as unknown as ContainerEngine;

describe('image size from docker save', () => {
  it('sums manifest, config and compressed layers as content, and uncompressed layers apart', async () => {
    const layers = [Buffer.alloc(200_000, 1), Buffer.alloc(3_000, 2)];
    const tar = await ociLayoutTar({ layers });
    const size = await measureImageSize(engineExporting(tar), 'x');
    const compressed = layers.map((l) => gzipSync(l).length).reduce((a, b) => a + b, 0);
    expect(size.layers).toBe(2);
    expect(size.uncompressedBytes).toBe(203_000);
    expect(size.contentBytes).toBeGreaterThan(compressed);
    expect(size.contentBytes).toBeLessThan(compressed + 2_000);
  });

  it('follows an index to the image manifest and skips attestation manifests', async () => {
    const plain = await measureImageSize(engineExporting(await ociLayoutTar({ layers: [Buffer.alloc(5000, 3)] })), 'x');
    const indexed = await measureImageSize(engineExporting(await ociLayoutTar({ layers: [Buffer.alloc(5000, 3)], wrapInIndex: true })), 'x');
    expect(indexed.layers).toBe(1);
    expect(indexed.uncompressedBytes).toBe(plain.uncompressedBytes);
    expect(indexed.contentBytes).toBe(plain.contentBytes);
  });
});
