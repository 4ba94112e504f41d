// WasmEdge 0.14 loses atomic wake-ups, so the threaded module the WasmEdge runtimes get is rewritten by
// `wasm-host-waits`: its waits and notifies call our runners' futexes. The fixture hands a ball between two
// threads 20,000 times with untimed waits, then checks what a wait returns (not equal, timed out, through
// a memarg offset) and what an unheard notify returns. Rewritten, it finishes at once under wasmedge-run,
// interpreted and AOT-compiled as the guest build does it. (As built, on WasmEdge's own waits, it hangs
// now and then: a lost wake-up; too seldom to test for.)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadsAotFlags } from '../../src/guests/recipes.js';

const pingPong = join(import.meta.dirname, '..', 'fixtures', 'wasi-threads', 'ping-pong.wasm');
let folder = '';

async function tool(file: string, args: string[], timeout = 60_000) {
  const result = await execa(file, args, { reject: false, timeout });
  expect(result.failed && result.exitCode === undefined && !result.timedOut ? `${file} could not be started (scripts/build-shims.sh installs it): ${result.shortMessage}` : 'ran').toBe('ran');
  return result;
}

describe('wasm-host-waits and the WasmEdge runners', () => {
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'dockerwasm-host-waits-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('moves every wait32 and notify, and the rewritten module runs to the end, interpreted and AOT-compiled', async () => {
    const rewritten = join(folder, 'ping-pong.host.wasm');
    const rewrite = await tool('wasm-host-waits', [pingPong, rewritten]);
    expect(rewrite.exitCode, rewrite.stderr).toBe(0);
    expect(rewrite.stderr).toMatch(/3 wait32 and 2 notify moved to "dockerwasm"/);

    const interpreted = await tool('wasmedge-run', [rewritten], 30_000);
    expect(interpreted.timedOut, 'a lost wake-up: the ping-pong never ended').toBe(false);
    expect(interpreted.exitCode, `exit code 11-13 names the failed check; stderr: ${interpreted.stderr}`).toBe(0);

    const compiled = join(folder, 'ping-pong.aot.wasm');
    const compile = await tool('wasmedge', ['compile', ...threadsAotFlags, rewritten, compiled], 120_000);
    expect(compile.exitCode, compile.stderr).toBe(0);
    const aot = await tool('wasmedge-run', [compiled], 30_000);
    expect(aot.timedOut, 'a lost wake-up: the ping-pong never ended').toBe(false);
    expect(aot.exitCode, `exit code 11-13 names the failed check; stderr: ${aot.stderr}`).toBe(0);
  });

  it('refuses a module it rewrote before, and a file that is not Wasm, with one line each', async () => {
    const once = join(folder, 'once.wasm');
    expect((await tool('wasm-host-waits', [pingPong, once])).exitCode).toBe(0);
    const twice = await tool('wasm-host-waits', [once, join(folder, 'twice.wasm')]);
    expect(twice.exitCode).toBe(1);
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);
    expect(twice.stderr).toMatch(/already imports from "dockerwasm"/);

    const junk = join(folder, 'junk.wasm');
    await writeFile(junk, 'not a module');
    const refused = await tool('wasm-host-waits', [junk, join(folder, 'out.wasm')]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^wasm-host-waits: rewriting .*junk\.wasm: /);
  });
});
