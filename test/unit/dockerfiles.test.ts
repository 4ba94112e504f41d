import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { imageContext, flavoursOfForm } from '../../src/dockerfiles/build-contexts.js';
import { allDockerfiles } from '../../src/dockerfiles/templates.js';
import { workloadNames as algorithms } from '../../src/workloads/catalogue.js';
import { fakeGuestBuild } from '../fakes/fake-guest.js';

async function entries(tar: Buffer): Promise<Map<string, { mode: number; text: string }>> {
  const found = new Map<string, { mode: number; text: string }>();
  const extractor = extract();
  Readable.from([tar]).pipe(extractor);
  for await (const entry of extractor) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    found.set(entry.header.name, { mode: entry.header.mode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
  }
  return found;
}

describe('Dockerfiles and build contexts', () => {
  it('has dockerfiles/ as the tool writes it (run `dockerwasm dockerfiles` after changing the templates)', () => {
    for (const [path, text] of allDockerfiles(algorithms)) {
      expect(readFileSync(join(import.meta.dirname, '..', '..', 'dockerfiles', path), 'utf8'), path).toBe(text);
    }
  });

  it('packs the prebuilt form as the Dockerfile and the artifact; a .cwasm is not executable', async () => {
    const guest = fakeGuestBuild('kmeans', ['native', 'wasm', 'wasmedge-aot', 'wasmtime-cwasm']);
    const linux = await entries(await imageContext('prebuilt', 'kmeans', 'linux', guest));
    expect([...linux.keys()]).toEqual(['Dockerfile', 'kmeans']);
    expect(linux.get('kmeans')!.mode).toBe(0o755);
    expect(linux.get('Dockerfile')!.text).toMatch(/FROM \$\{BASE\}\nWORKDIR \/app\nCOPY kmeans \/app\/kmeans/);
    const cwasm = await entries(await imageContext('prebuilt', 'kmeans', 'wasm-cwasm', guest));
    expect(cwasm.get('kmeans.cwasm')!.mode).toBe(0o644);
  });

  it("packs the thesis's multistage form as the guest sources, without build output", async () => {
    const context = await entries(await imageContext('multistage', 'linreg', 'wasm', fakeGuestBuild('linreg')));
    expect(context.get('Dockerfile')!.text).toMatch(/FROM rust:1.85-alpine3.20 AS builder[\s\S]*--target wasm32-wasip1[\s\S]*FROM scratch/);
    expect(context.has('Cargo.toml')).toBe(true);
    expect(context.has('Cargo.lock')).toBe(true);
    expect(context.has('linreg/src/main.rs')).toBe(true);
    expect([...context.keys()].some((path) => path.startsWith('target/'))).toBe(false);
    await expect(imageContext('multistage', 'linreg', 'wasm-aot', fakeGuestBuild('linreg'))).rejects.toThrow(/no wasm-aot image/);
    expect([...flavoursOfForm('multistage', new Set(['native', 'wasm', 'wasmedge-aot']))]).toEqual(['native', 'wasm']);
  });
});
