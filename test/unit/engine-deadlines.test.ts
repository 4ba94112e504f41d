// What keeps the tool from waiting without end on an engine: each call's deadline (against a unix socket that
// takes requests and never answers), the check that a local daemon shares our network namespace (read from
// a /proc/net/unix of our making), and the finding of a stuck container's shim processes (a /proc of ours).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { resolveEndpoint, sharesOurNetworkNamespace } from '../../src/engine/endpoint.js';
import { shimsOf } from '../../src/engine/stuck-shims.js';
import { DockerwasmError } from '../../src/errors.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'dockerwasm-deadlines-'));
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** An "engine" that answers a create and then holds every start request open, as Docker 28 did. */
async function engineThatHangsOnStart(): Promise<{ socket: string; starts: () => number }> {
  const socket = join(scratch(), 'engine.sock');
  let starts = 0;
  server = createServer((request, response) => {
    if (request.url?.includes('/containers/create')) {
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ Id: 'c0ffee', Warnings: [] }));
    } else if (request.url?.includes('/start')) {
      starts++; // never answered
    } else {
      response.writeHead(404).end('{}');
    }
  });
  await new Promise<void>((resolve) => server!.listen(socket, resolve));
  return { socket, starts: () => starts };
}

describe('engine calls have deadlines', () => {
  it('a start the engine never answers ends in an ENGINE_TIMEOUT naming the call, within its deadline', async () => {
    const { socket, starts } = await engineThatHangsOnStart();
    const engine = new DockerEngine(resolveEndpoint({ DOCKER_HOST: `unix://${socket}` }), { container: 300 });
    const id = await engine.createContainer({ image: 'hello', labels: {}, networkMode: 'none' });
    const began = performance.now();
    const failure = await engine.startContainer(id).catch((error: unknown) => error);
    const tookMs = performance.now() - began;
    expect(failure).toBeInstanceOf(DockerwasmError);
    expect(failure).toMatchObject({ code: 'ENGINE_TIMEOUT', message: `start container c0ffee: no answer from the engine at unix://${socket} within 0.3 s` });
    expect(starts()).toBe(1);
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(5_000);
  });
});

describe('does a local daemon share our loopback', () => {
  const listing = (lines: string[]) => {
    const file = join(scratch(), 'unix');
    writeFileSync(file, ['Num       RefCount Protocol Flags    Type St Inode Path', ...lines].join('\n'));
    return file;
  };
  const endpoint = (path: string) => resolveEndpoint({ DOCKER_HOST: `unix://${path}` });

  it('yes when its socket listens in our network namespace', () => {
    const file = listing(['0000000000000000: 00000002 00000000 00010000 0001 01 24183 /tmp/our-engine.sock']);
    expect(sharesOurNetworkNamespace(endpoint('/tmp/our-engine.sock'), file)).toBe(true);
  });

  it('no when only our connection to it is listed (a daemon started in another namespace)', () => {
    const file = listing([
      '0000000000000000: 00000002 00000000 00010000 0001 01 24183 /tmp/our-engine.sock',
      '00000000ee7558fa: 00000003 00000000 00000000 0001 03 88215 /tmp/other-engine.sock',
    ]);
    expect(sharesOurNetworkNamespace(endpoint('/tmp/other-engine.sock'), file)).toBe(false);
  });

  it('yes where the list cannot be read, and for TCP by address', () => {
    expect(sharesOurNetworkNamespace(endpoint('/tmp/x.sock'), join(scratch(), 'absent'))).toBe(true);
    expect(sharesOurNetworkNamespace(resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }))).toBe(true);
    expect(sharesOurNetworkNamespace(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.2:2375' }))).toBe(false);
  });
});

describe("a stuck container's shim processes", () => {
  it('are the containerd shims with its id on their command line, a script standing in for one included', () => {
    const proc = scratch();
    const running = (pid: number, argv: string[]) => {
      mkdirSync(join(proc, String(pid)));
      writeFileSync(join(proc, String(pid), 'cmdline'), `${argv.join('\0')}\0`);
    };
    running(10, ['/usr/local/bin/containerd-shim-wasmtime-v1', '-namespace', 'moby', '-id', 'abc', '-address', '/run/containerd.sock']);
    running(11, ['/usr/local/bin/containerd-shim-wasmtime-v1', '-namespace', 'moby', '-id', 'other']);
    running(12, ['/bin/sh', '/tmp/bin/containerd-shim-hang-v1', '-namespace', 'moby', '-id', 'abc', 'start']);
    running(13, ['/usr/bin/sleep', '-id', 'abc']);
    mkdirSync(join(proc, 'self'));
    expect(shimsOf('abc', proc).sort()).toEqual([10, 12]);
  });
});
