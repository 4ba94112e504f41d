// The committed reference results, recomputed from samples.jsonl alone by an implementation that is not
// the code under test (test/independent/recompute.py: numpy and scipy, Debian's python3-scipy, installed by
// scripts/provision-test-tools.sh), agree with their summary.json figure for figure.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'test', 'independent', 'recompute.py');
const python = '/usr/bin/python3';
/** Every committed results directory (env.json) under results/, of every kind, and every reproduce folder (its declared answers). */
function committedDirectories(dir = join(root, 'results')): string[] {
  if (existsSync(join(dir, 'env.json'))) return [dir];
  const own = existsSync(join(dir, 'reproduce.json')) ? [dir] : [];
  return [...own, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'charts').flatMap((e) => committedDirectories(join(dir, e.name)))];
}
const samples = committedDirectories();
const sampleDir = (name: string) => join(root, 'results', 'sample', name);

async function recompute(dirs: string[]) {
  const scipy = await execa(python, ['-c', 'import scipy, numpy'], { reject: false });
  expect(scipy.exitCode, `${python} cannot import scipy and numpy (run scripts/provision-test-tools.sh): ${scipy.stderr}`).toBe(0);
  const result = await execa(python, [script, ...dirs], { reject: false });
  return { code: result.exitCode, report: JSON.parse(result.stdout) as { checked: number; mismatches: object[] } };
}

describe('the committed results, recomputed independently with scipy', () => {
  it('agree with summary.json in every committed directory: every mean, SD, median, interval, ratio, p and verdict, CPU time where measured, the standalone runs\' time, CPU % and peak RSS, density throughput and latency, and the declared answers (TOST, Holm)', async () => {
    expect(samples.length).toBeGreaterThan(40);
    expect(existsSync(python), `${python} is needed (Debian's python3)`).toBe(true);
    const { code, report } = await recompute(samples);
    expect(report.mismatches).toEqual([]);
    expect(code).toBe(0);
    expect(report.checked).toBeGreaterThan(3000);
  });

  it('would see a figure that is off', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-recompute-')), 'tree');
    cpSync(sampleDir('tree-rows100000'), copy, { recursive: true });
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
    cpSync(sampleDir('runtimes-thesis'), copy, { recursive: true });
    const summaryFile = join(copy, 'summary.json');
    const document = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const row = document.summary.rows.find((r: { runtime: string }) => r.runtime === 'wasmedge-aot');
    row.peakRss.mean *= 1.001;
    writeFileSync(summaryFile, JSON.stringify(document));
    const { code, report } = await recompute([copy]);
    expect(code).toBe(1);
    expect(report.mismatches).toEqual([expect.objectContaining({ figure: `${row.workload} wasmedge-aot peak rss mean` })]);
  });

  it('would see a density figure that is off', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-recompute-')), 'density');
    cpSync(join(root, 'results', 'sample-density', 'hello'), copy, { recursive: true });
    const summaryFile = join(copy, 'summary.json');
    const document = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const row = document.summary.rows[0];
    row.latencyMs.p95 *= 1.001;
    writeFileSync(summaryFile, JSON.stringify(document));
    const { code, report } = await recompute([copy]);
    expect(code).toBe(1);
    expect(report.mismatches).toEqual([expect.objectContaining({ figure: `${row.variant} c${row.concurrency} latency p95` })]);
  });
});
