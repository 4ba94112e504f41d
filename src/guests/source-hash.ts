// A content hash of everything a guest build depends on: its sources, the workspace manifest, lock file
// and cargo configuration (the build flags), the embedded dataset and the toolchain. Same hash, same
// artifacts: nothing to rebuild. A folder's workload.yaml is not hashed: it says how a run uses the program.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { definitionFile } from '../workloads/catalogue.js';
import type { ProgramSource } from '../workloads/definition.js';

/** What a folder's build does not depend on: build output, version control, our own files. */
const notSources = [`${join('/', 'target', '/')}`, `${join('/', '.git', '/')}`, `${join('/', 'node_modules', '/')}`];

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name !== definitionFile)
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !notSources.some((part) => `${path}/`.includes(part)))
    .sort();
}

const hashFiles = async (root: string, files: string[], extra: Record<string, unknown>): Promise<string> => {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  hash.update(JSON.stringify(extra, Object.keys(extra).sort()));
  return hash.digest('hex');
};

/** A user's program: every file of its folder (its dockerwasm.yaml and inputs too: both are in its images), or its two prebuilt files. */
export async function hashProgramSources(source: ProgramSource, extra: Record<string, unknown>): Promise<string> {
  if (source.language === 'prebuilt') return hashFiles('/', [source.native, source.wasm], extra);
  const files = (await readdir(source.folder, { withFileTypes: true, recursive: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !notSources.some((part) => `${path}/`.includes(part)))
    .sort();
  return hashFiles(source.folder, files, extra);
}

export async function hashGuestSources(guestRoot: string, folders: string[], extra: Record<string, unknown>): Promise<string> {
  const files = [join(guestRoot, 'Cargo.toml'), join(guestRoot, 'Cargo.lock'), join(guestRoot, '.cargo', 'config.toml')];
  for (const folder of [...folders].sort()) files.push(...(await listFiles(join(guestRoot, folder))));
  return hashFiles(guestRoot, files, extra);
}
