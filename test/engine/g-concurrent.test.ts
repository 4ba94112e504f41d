// Two experiments on one engine at once: each sees the other by its labels, marks the samples it
// measured meanwhile and says so in its report; doctor lists the live run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../src/results/summaries.js';
import { readSamples } from '../../src/results/sample-log.js';
import { runCli, startCli, tempResults } from './cli.js';

const sharedWarning = /samples were measured while another dockerwasm run used this engine/;

describe('two runs on one engine (real engine)', () => {
  it('a second run started during a first is reported in both runs, and doctor shows the live run', async () => {
    const first = tempResults('first');
    const second = tempResults('second');
    const args = (dir: string, samples: number) => ['compare', 'linreg', '--samples', String(samples), '--runtimes', 'crun-wasmedge', '--out', dir, '--out-anywhere'];
    const firstRun = startCli(args(first, 12));
    let stderr = '';
    const started = new Promise<void>((resolve) => {
      firstRun.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/builds/.test(stderr)) resolve();
      });
    });
    await started;
    const [secondResult, doctor] = await Promise.all([runCli(args(second, 3)), runCli(['doctor', '--json'])]);
    const firstResult = await firstRun;
    expect(firstResult.exitCode, String(firstResult.stderr)).toBe(0);
    expect(secondResult.code, secondResult.stderr).toBe(0);

    const live = JSON.parse(doctor.stdout).liveRuns as { runs: string[] }[];
    expect(live.flatMap((l) => l.runs)).toContain('first');

    for (const [dir, other] of [[first, 'second'], [second, 'first']] as const) {
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
      expect(summary.summary.otherRuns.some((o) => o.startsWith(`${other} (`)), `${dir} saw ${summary.summary.otherRuns.join('; ')}`).toBe(true);
      expect(summary.summary.warnings.join('\n')).toMatch(sharedWarning);
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(sharedWarning);
      const marked = readSamples(dir, 'compare').records.filter((r) => (r.type === 'build' || r.type === 'run') && (r.otherRuns?.length ?? 0) > 0);
      expect(marked.length).toBeGreaterThan(0);
    }
    expect(String(firstResult.stderr)).toMatch(/another dockerwasm run is using this engine/);
  });
});
