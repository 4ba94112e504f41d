// The committed reference results, recomputed from samples.jsonl alone by an implementation that is not
// the code under test (test/independent/recompute.py: numpy and scipy, Debian's python3-scipy, installed by
// scripts/provision-test-tools.sh), agree with their summary.json figure for figure.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'test', 'independent', 'recompute.py');
const python = '/usr/bin/python3';
const samples = [
  'tree-rows100000',
  'kmeans-obs1000000',
  'kmeans-obs1000000-cpu',
  'tree-rows20000-cpu',
  'kmeans-obs1000000-one-thread',
  'table18-threads/1-kmeans-obs1000000',
  'table18-threads/2-linreg-iris',
  'table18-tree/1-tree-rows100000',
  'table18-tree/2-tree-rows308854',
  'runtimes-thesis',
].map((name) => join(root, 'results', 'sample', name));

async function recompute(dirs: string[]) {
  const scipy = await execa(python, ['-c', 'import scipy, numpy'], { reject: false });
  expect(scipy.exitCode, `${python} cannot import scipy and numpy (run scripts/provision-test-tools.sh): ${scipy.stderr}`).toBe(0);
  const result = await execa(python, [script, ...dirs], { reject: false });
  return { code: result.exitCode, report: JSON.parse(result.stdout) as { checked: number; mismatches: object[] } };
}

describe('the committed results, recomputed independently with scipy', () => {
  it('agree with summary.json: every mean, SD, median, interval, ratio, p and verdict, CPU time where measured, and the standalone runs\' time, CPU % and peak RSS', async () => {
    expect(existsSync(python), `${python} is needed (Debian's python3)`).toBe(true);
    const { code, report } = await recompute(samples);
    expect(report.mismatches).toEqual([]);
    expect(code).toBe(0);
    expect(report.checked).toBeGreaterThan(160);
  });

  it('would see a figure that is off', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-recompute-')), 'tree');
    cpSync(samples[0]!, copy, { recursive: true });
    const summaryFile = join(copy, 'summary.json');
    const document = JSON.parse(readFileSync(summaryFile, 'utf8'));
    document.summary.comparisons[0].run.ratio *= 1.001;
    writeFileSync(summaryFile, JSON.stringify(document));
    const { code, report } = await recompute([copy]);
    expect(code).toBe(1);
    expect(report.mismatches).toEqual([expect.objectContaining({ figure: `${document.summary.comparisons[0].variant} ratio` })]);
  });

  it('would see a standalone figure that is off', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-recompute-')), 'runtimes');
    cpSync(samples.at(-1)!, copy, { recursive: true });
    const summaryFile = join(copy, 'summary.json');
    const document = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const row = document.summary.rows.find((r: { runtime: string }) => r.runtime === 'wasmedge-aot');
    row.peakRss.mean *= 1.001;
    writeFileSync(summaryFile, JSON.stringify(document));
    const { code, report } = await recompute([copy]);
    expect(code).toBe(1);
    expect(report.mismatches).toEqual([expect.objectContaining({ figure: `${row.workload} wasmedge-aot peak rss mean` })]);
  });
});
