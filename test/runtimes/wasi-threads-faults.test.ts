// A trap on a thread the guest spawned ends the whole process with a non-zero exit and the runtime's
// words, at once, on both runners of the shims' wasi-threads (wasmtime-run: wasmtime-wasi-threads;
// wasmedge-run: ours on WasmEdge's C API); the main thread's 10 s wait is never waited out. The shims run
// threaded modules with the same code, so a container's sample fails the same way.
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const trapping = join(import.meta.dirname, '..', 'fixtures', 'wasi-threads', 'thread-trap.wasm');

describe('wasi-threads: a trap on a spawned thread', () => {
  it.each([['wasmtime-run'], ['wasmedge-run']])('%s exits non-zero at once, saying unreachable', async (runner) => {
    const started = performance.now();
    const result = await execa(runner, [trapping], { reject: false, timeout: 60_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(result.failed && result.exitCode === undefined ? `${runner} could not be started (scripts/build-shims.sh installs it): ${result.shortMessage}` : 'ran').toBe('ran');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/unreachable/);
    expect(seconds, 'the process ended on the trap, not after the main thread\'s 10 s wait').toBeLessThan(5);
  });
});
