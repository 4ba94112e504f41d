import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { ownerLabel, toolFilter } from '../../src/engine/labels.js';
import { readSamples } from '../../src/results/sample-log.js';
import { runCli, startCli, tempResults } from './cli.js';

const engine = new DockerEngine();

/** Starts a compare, sends `signal` once stderr shows `trigger`, and reports how the CLI ended. */
async function interrupt(args: string[], trigger: RegExp, signal: NodeJS.Signals) {
  const child = startCli(args);
  let stderr = '';
  let signalledAt = 0;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (signalledAt === 0 && trigger.test(stderr)) {
      signalledAt = performance.now();
      child.kill(signal);
    }
  });
  const result = await child;
  return { code: result.exitCode, stderr, stopMs: performance.now() - signalledAt, pid: child.pid!, signalled: signalledAt > 0 };
}

async function leftBy(pid: number) {
  return (await engine.listContainers(toolFilter)).filter((c) => c.labels[ownerLabel]?.endsWith(`:${pid}`));
}

describe('interrupts (real engine)', () => {
  it('SIGINT during runs: stops within 5 s, exit 130, nothing left, every measured sample kept; --resume finishes the plan', async () => {
    const dir = tempResults('interrupted');
    const args = ['compare', 'kmeans', '--observations', '20000', '--samples', '4', '--out', dir, '--out-anywhere'];
    const stopped = await interrupt(args, /runs +3\//, 'SIGINT');
    expect(stopped.signalled).toBe(true);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stopMs).toBeLessThan(5_000);
    expect(stopped.stderr).toMatch(/SIGINT: stopping/);
    expect(await leftBy(stopped.pid)).toEqual([]);

    const text = readFileSync(join(dir, 'samples.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const partial = readSamples(dir, 'compare');
    expect(partial.skipped).toEqual([]);
    const runsBefore = partial.records.filter((r) => r.type === 'run').length;
    expect(runsBefore).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).complete).toBe(false);

    const resumed = await runCli(['compare', 'kmeans', '--observations', '20000', '--resume', dir, '--out-anywhere']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming: \d+ of \d+ builds and \d+ of \d+ runs already measured/);
    const steps = readSamples(dir, 'compare').records.flatMap((r) => ('step' in r ? [r.step] : []));
    expect(new Set(steps).size).toBe(steps.length);
    const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'));
    expect(steps.filter((s) => s.startsWith('run:') && s.includes(':sample:'))).toHaveLength(4 * env.variants.length);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).complete).toBe(true);
  });

  it('SIGTERM during builds: stops within 5 s, exit 130, nothing of its own left in Docker', async () => {
    const dir = tempResults('terminated');
    const stopped = await interrupt(['compare', 'linreg', '--samples', '20', '--out', dir, '--out-anywhere'], /builds +2\//, 'SIGTERM');
    expect(stopped.signalled).toBe(true);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stopMs).toBeLessThan(5_000);
    expect(await leftBy(stopped.pid)).toEqual([]);
    const images = await engine.listImages(toolFilter);
    expect(images.filter((i) => i.labels[ownerLabel]?.endsWith(`:${stopped.pid}`))).toEqual([]);
    expect(readSamples(dir, 'compare').skipped).toEqual([]);
  });
});
