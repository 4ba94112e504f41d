// A content hash of everything a guest build depends on: its sources, the workspace manifest, lock file
// and cargo configuration (the build flags), the embedded dataset and the toolchain. Same hash, same
// artifacts: nothing to rebuild. A folder's workload.yaml is not hashed: it says how a run uses the program.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { definitionFile } from '../workloads/catalogue.js';

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name !== definitionFile)
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.includes(`${join('/', 'target', '/')}`))
    .sort();
}

export async function hashGuestSources(guestRoot: string, folders: string[], extra: Record<string, unknown>): Promise<string> {
  const hash = createHash('sha256');
  const files = [join(guestRoot, 'Cargo.toml'), join(guestRoot, 'Cargo.lock'), join(guestRoot, '.cargo', 'config.toml')];
  for (const folder of [...folders].sort()) files.push(...(await listFiles(join(guestRoot, folder))));
  for (const file of files) {
    hash.update(relative(guestRoot, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  hash.update(JSON.stringify(extra, Object.keys(extra).sort()));
  return hash.digest('hex');
}
