// Serves one build context tar to the engine over loopback, for BuildKit's `remote` context: the only
// way seen to give BuildKit a context through the API on Docker 26 (a context sent as the request body
// fails with "failed to read downloaded context ... no such host"). It binds 127.0.0.1
// on a random port, answers only at an unguessable path, and is closed when the build ends.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedContext {
  url: string;
  /** how many times the engine fetched the context */
  fetches: () => number;
  close: () => Promise<void>;
}

export async function serveContext(tar: Buffer): Promise<ServedContext> {
  const secretPath = `/${randomBytes(24).toString('hex')}/context.tar`;
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== secretPath || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    response.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': tar.length });
    response.end(request.method === 'HEAD' ? undefined : tar);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${secretPath}`,
    fetches: () => fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
