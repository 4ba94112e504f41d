// Machine drift made on purpose: a CPU hog started half-way through a run slows the calibration that
// follows, and the run's report says the host's speed drifted, and where.
import { execa, type ResultPromise } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/results/summaries.js';
import { startCli, tempResults } from './cli.js';

describe('machine drift (real engine)', () => {
  it('a CPU hog started between rounds is detected by the calibration and reported', async () => {
    const dir = tempResults('drift');
    const child = startCli(['compare', 'linreg', '--samples', '8', '--warmup', '0', '--runtimes', 'crun-wasmedge', '--out', dir, '--out-anywhere']);
    const hogs: ResultPromise[] = [];
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // one busy process per CPU from the fifth round on
      if (hogs.length === 0 && /runs +9\//.test(stderr)) {
        for (let i = 0; i < 3; i++) hogs.push(execa('node', ['-e', 'for (;;) {}'], { reject: false }));
      }
    });
    try {
      const result = await child;
      expect(result.exitCode, stderr).toBe(0);
    } finally {
      for (const hog of hogs) hog.kill('SIGKILL');
    }
    expect(hogs.length, 'the hog started mid-run').toBeGreaterThan(0);
    const summary = (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument).summary;
    // at the start, after rounds 1-7, at the end: the hog ran from round 5 on
    const calibrations = summary.host!.calibrationMs;
    expect(calibrations).toHaveLength(1 + 7 + 1);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    expect(median(calibrations.slice(5)) / median(calibrations.slice(0, 5)), calibrations.join(', ')).toBeGreaterThan(1.25);
    expect(summary.warnings.join('\n')).toMatch(/the host's speed drifted during this run: the calibration took [\d.]+ ms .* and [\d.]+ ms .* \([\d.]+x, limit 1\.25x\)/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/the host's speed drifted/);
  });
});
