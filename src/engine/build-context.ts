// Build contexts are small (a Dockerfile and one or two artifacts), made in memory as a tar.
import { pack } from 'tar-stream';

export interface ContextFile {
  path: string;
  data: Buffer | string;
  mode?: number;
}

export async function makeContextTar(files: ContextFile[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data) : file.data;
    // a fixed mtime keeps the tar (and BuildKit's cache key) identical for identical files
    archive.entry({ name: file.path, mode: file.mode ?? 0o644, mtime: new Date(0), size: data.length }, data);
  }
  archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}
