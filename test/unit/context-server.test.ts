import { describe, expect, it } from 'vitest';
import { serveContext } from '../../src/engine/context-server.js';

describe('the loopback context server', () => {
  it('serves exactly one tarball, at an unguessable path on 127.0.0.1, until closed', async () => {
    const served = await serveContext(Buffer.from('tar bytes'));
    const url = new URL(served.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toMatch(/^\/[0-9a-f]{48}\/context\.tar$/);
    expect(await (await fetch(served.url)).text()).toBe('tar bytes');
    expect((await fetch(`http://127.0.0.1:${url.port}/context.tar`)).status).toBe(404);
    expect((await fetch(served.url, { method: 'POST', body: 'x' })).status).toBe(404);
    expect(served.fetches()).toBe(1);
    await served.close();
    await expect(fetch(served.url)).rejects.toThrow();
  });
});
