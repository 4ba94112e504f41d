import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageContext, flavoursOfForm } from '../../src/dockerfiles/build-contexts.js';
import { allDockerfiles } from '../../src/dockerfiles/templates.js';
import { findWorkload, workloadNames as algorithms } from '../../src/workloads/catalogue.js';
import { fakeGuestBuild } from '../fakes/fake-guest.js';
import { tarEntries as entries } from '../fakes/tar-entries.js';

describe('Dockerfiles and build contexts', () => {
  it('has dockerfiles/ as the tool writes it (run `dockerwasm dockerfiles` after changing the templates)', () => {
    for (const [path, text] of allDockerfiles(algorithms)) {
      expect(readFileSync(join(import.meta.dirname, '..', '..', 'dockerfiles', path), 'utf8'), path).toBe(text);
    }
  });

  it('packs the prebuilt form as the Dockerfile and the artifact; a .cwasm is not executable', async () => {
    const guest = fakeGuestBuild('kmeans', ['native', 'wasm', 'wasmedge-aot', 'wasmtime-cwasm']);
    const linux = await entries(await imageContext('prebuilt', findWorkload('kmeans')!, 'linux', guest));
    expect([...linux.keys()]).toEqual(['Dockerfile', 'kmeans']);
    expect(linux.get('kmeans')!.mode).toBe(0o755);
    expect(linux.get('Dockerfile')!.text).toMatch(/FROM \$\{BASE\}\nWORKDIR \/app\nCOPY kmeans \/app\/kmeans/);
    const cwasm = await entries(await imageContext('prebuilt', findWorkload('kmeans')!, 'wasm-cwasm', guest));
    expect(cwasm.get('kmeans.cwasm')!.mode).toBe(0o644);
  });

  it("packs the thesis's multistage form as the guest sources, without build output", async () => {
    const context = await entries(await imageContext('multistage', findWorkload('linreg')!, 'wasm', fakeGuestBuild('linreg')));
    expect(context.get('Dockerfile')!.text).toMatch(/FROM rust:1.85-alpine3.20 AS builder[\s\S]*--target wasm32-wasip1[\s\S]*FROM scratch/);
    expect(context.has('Cargo.toml')).toBe(true);
    expect(context.has('Cargo.lock')).toBe(true);
    expect(context.has('linreg/src/main.rs')).toBe(true);
    expect([...context.keys()].some((path) => path.startsWith('target/'))).toBe(false);
    await expect(imageContext('multistage', findWorkload('linreg')!, 'wasm-aot', fakeGuestBuild('linreg'))).rejects.toThrow(/no wasm-aot image/);
    expect([...flavoursOfForm('multistage', new Set(['native', 'wasm', 'wasmedge-aot']))]).toEqual(['native', 'wasm']);
  });
});
