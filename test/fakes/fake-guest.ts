// A GuestBuild over small files in a temp folder, for experiments run against the fake engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuestBuild } from '../../src/guests/build-guest.js';
import { flavourOf, type Flavour } from '../../src/flavours/flavours.js';
import type { Artifact } from '../../src/guests/artifact-store.js';

export function fakeGuestBuild(algorithm = 'linreg', flavours: Flavour[] = ['native', 'wasm', 'wasmedge-aot']): GuestBuild {
  const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-guest-'));
  const name = (flavour: Flavour) => flavourOf(flavour).file(algorithm);
  const artifacts: Artifact[] = flavours.map((flavour) => {
    writeFileSync(join(folder, name(flavour)), Buffer.alloc(100, 7));
    return { flavour, file: name(flavour), bytes: 100, sha256: 'x'.repeat(64), compiler: 'fake', flags: [], buildMs: 1 };
  });
  const artifact = (flavour: Flavour) => artifacts.find((a) => a.flavour === flavour);
  return {
    key: algorithm,
    folder,
    manifest: { schema: 1, key: algorithm, algorithm, sourceHash: 'f'.repeat(64), inputs: { rustc: 'fake rustc' }, artifacts, createdAt: new Date(0).toISOString() },
    dataset: null,
    fresh: true,
    artifact,
    pathOf: (flavour) => (artifact(flavour) ? join(folder, name(flavour)) : undefined),
  };
}
