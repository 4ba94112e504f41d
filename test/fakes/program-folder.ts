// A user's program for a test: a fresh temporary folder holding the given files (paths may have folders).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-program-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}
