import { describe, expect, it } from 'vitest';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { runContainer } from '../../src/engine/run-container.js';
import { DockerwasmError } from '../../src/errors.js';
import { FakeEngine } from '../fakes/fake-engine.js';

function setup() {
  const engine = new FakeEngine();
  engine.images.set('img', { id: 'sha256:1', labels: {} });
  const registry = new CleanupRegistry(engine);
  const spec = { image: 'img', labels: { dockerwasm: 'true' }, runtime: 'runc', networkMode: 'none' as const };
  return { engine, registry, spec, options: { clock: engine.clock.read, timeoutMs: 1000, registry, watchMemory: true } };
}

describe('runContainer', () => {
  it('times create, start and the wait for exit with the clock, then collects logs and removes', async () => {
    const { engine, spec, options } = setup();
    engine.behaviours.runc = { stdout: 'hello\n', runMs: 250 };
    const run = await runContainer(engine, spec, options);
    expect(run).toMatchObject({ outcome: 'ok', createMs: 10, startMs: 20, exitWaitMs: 250, totalMs: 280, removeMs: 5, exitCode: 0, stdout: 'hello\n', peakMemoryBytes: 4_000_000, error: null });
    expect(engine.containers.size).toBe(0);
  });

  it('records a non-zero exit with its code and stderr', async () => {
    const { engine, spec, options } = setup();
    engine.behaviours.runc = { exitCode: 3, stderr: 'boom' };
    const run = await runContainer(engine, spec, options);
    expect(run).toMatchObject({ outcome: 'exit-code', exitCode: 3, stderr: 'boom', error: 'exited with code 3' });
    expect(engine.containers.size).toBe(0);
  });

  it('kills and removes a container that outlives the timeout', async () => {
    const { engine, spec, options } = setup();
    engine.behaviours.runc = { hang: true };
    const run = await runContainer(engine, spec, { ...options, timeoutMs: 50 });
    expect(run.outcome).toBe('timeout');
    expect(run.error).toMatch(/no exit within 0.05 s; killed/);
    expect(engine.calls.some((c) => c.startsWith('kill'))).toBe(true);
    expect(engine.containers.size).toBe(0);
  });

  it('reports a start failure (e.g. a missing shim) and still removes the container', async () => {
    const { engine, spec, options } = setup();
    engine.behaviours.runc = { startError: 'binary not installed "containerd-shim-spin-v2"' };
    const run = await runContainer(engine, spec, options);
    expect(run.outcome).toBe('engine-error');
    expect(run.error).toMatch(/containerd-shim-spin-v2/);
    expect(engine.containers.size).toBe(0);
  });

  it('stops at once when interrupted, removing the container', async () => {
    const { engine, spec, options } = setup();
    engine.behaviours.runc = { hang: true };
    const controller = new AbortController();
    const running = runContainer(engine, spec, { ...options, timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(engine.containers.size).toBe(0);
  });

  it('passes an unreachable engine on as such', async () => {
    const { engine, spec, options } = setup();
    engine.down = true;
    await expect(runContainer(engine, spec, options)).rejects.toBeInstanceOf(DockerwasmError);
    await expect(runContainer(engine, spec, options)).rejects.toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
  });
});
