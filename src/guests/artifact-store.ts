// Built guests live in one predictable place: artifacts/<build key>/<source hash>/, with a manifest
// saying what made each file. The Dockerfile generator and the experiment read them from there.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { flavours } from '../flavours/flavours.js';
import { paths } from '../io/project-paths.js';


export const artifactSchema = z.object({
  flavour: z.enum(flavours),
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  /** what made it, e.g. "rustc 1.85.1 (Debian) --target wasm32-wasip1" or "wasmedge 0.14.1 compile --optimize 3" */
  compiler: z.string(),
  flags: z.array(z.string()),
  buildMs: z.number(),
});
export type Artifact = z.infer<typeof artifactSchema>;

export const guestManifestSchema = z.object({
  schema: z.literal(1),
  key: z.string(),
  algorithm: z.string(),
  sourceHash: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  artifacts: z.array(artifactSchema),
  createdAt: z.string(),
});
export type GuestManifest = z.infer<typeof guestManifestSchema>;

export const buildFolder = (key: string, sourceHash: string) => join(paths.artifacts(), key, sourceHash.slice(0, 16));
export const manifestPath = (folder: string) => join(folder, 'manifest.json');

export async function readGuestManifest(folder: string): Promise<GuestManifest | undefined> {
  const path = manifestPath(folder);
  if (!existsSync(path)) return undefined;
  const parsed = guestManifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) return undefined;
  // a manifest is only as good as its files
  for (const artifact of parsed.data.artifacts) {
    const file = join(folder, artifact.file);
    if (!existsSync(file) || (await stat(file)).size !== artifact.bytes) return undefined;
  }
  return parsed.data;
}

export async function describeFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const data = await readFile(path);
  return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
