// Files appear whole or not at all: write to `<path>.partial`, rename when complete.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { DockerwasmError } from '../errors.js';

/** A file-system failure while writing, as one line naming the path (never an internal error). */
function cannotWrite(path: string, error: unknown): DockerwasmError {
  if (error instanceof DockerwasmError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new DockerwasmError('INPUT', `cannot write ${path}: ${code ?? (error as Error).message}`, { cause: error });
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(partial, data);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw cannotWrite(path, error);
  }
}

/**
 * Streams `source` through `transforms` into `path` atomically. pipeline() carries an error from any stage
 * to the end (`.pipe()` would not, and the write would wait forever); nothing is left behind on failure.
 */
export async function streamToFileAtomic(path: string, source: Readable, ...transforms: NodeJS.ReadWriteStream[]): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await pipeline([source, ...transforms, createWriteStream(partial)]);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    // a failing source (e.g. a bad input row) keeps its own message; only file-system failures are ours
    if (error instanceof DockerwasmError || (error as NodeJS.ErrnoException).code === undefined) throw error;
    throw cannotWrite(path, error);
  }
}

export const writeJsonAtomic = (path: string, value: unknown) =>
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
