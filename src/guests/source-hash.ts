// A content hash of everything a guest build depends on: its sources, the workspace manifest and lock
// file, the embedded dataset and the toolchain and flags. Same hash, same artifacts: nothing to rebuild.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.includes(`${join('/', 'target', '/')}`))
    .sort();
}

export async function hashGuestSources(guestRoot: string, crates: string[], extra: Record<string, unknown>): Promise<string> {
  const hash = createHash('sha256');
  const files = [join(guestRoot, 'Cargo.toml'), join(guestRoot, 'Cargo.lock')];
  for (const crate of crates) files.push(...(await listFiles(join(guestRoot, crate))));
  for (const file of files) {
    hash.update(relative(guestRoot, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  hash.update(JSON.stringify(extra, Object.keys(extra).sort()));
  return hash.digest('hex');
}
