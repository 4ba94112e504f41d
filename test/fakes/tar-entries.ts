// The files of a build context (a tar), by path: each one's mode and text.
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';

export async function tarEntries(tar: Buffer): Promise<Map<string, { mode: number; text: string }>> {
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
