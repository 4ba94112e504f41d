import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertOneWorkload, loadCompare } from '../../src/report/load-results.js';
import { chartsIn } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/render-html.js';
import { buildReport, writeReport } from '../../src/report/write-report.js';

export const fixture = join(import.meta.dirname, '..', 'fixtures', 'results-linreg');

function copyOfFixture(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'dockerwasm-report-')), 'results-linreg');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

describe('report', () => {
  it('recomputes the summary from samples.jsonl and env.json', () => {
    const loaded = loadCompare(fixture);
    expect(loaded.document.summary.variants.map((v) => v.name)).toEqual(loaded.env.variants.map((v) => v.name));
    expect(loaded.document.summary.variants.every((v) => v.samples === 3)).toBe(true);
    expect(loaded.thesisColumn).toBe('Regression');
    expect(loaded.skippedLines).toEqual([]);
    // the figures, recomputed here from the raw lines without the code under test
    const lines = readFileSync(join(fixture, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const variant of loaded.document.summary.variants) {
      const totals = lines.filter((r) => r.type === 'run' && r.variant === variant.name && r.phase === 'sample' && r.outcome === 'ok').map((r) => r.totalMs as number);
      const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
      const sd = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / (totals.length - 1));
      expect(variant.run!.mean).toBeCloseTo(mean, 9);
      expect(variant.run!.sd!).toBeCloseTo(sd, 9);
      expect(variant.run!.median).toBe([...totals].sort((a, b) => a - b)[1]);
    }
    const builds = lines.filter((r) => r.type === 'build' && r.image === 'linux' && r.phase === 'sample' && r.ok).map((r) => r.ms as number);
    expect(loaded.document.summary.images.find((i) => i.image === 'linux')!.build!.mean).toBeCloseTo(builds.reduce((a, b) => a + b, 0) / builds.length, 9);
  });

  it('uses every complete line of a truncated samples.jsonl and says how many were skipped', () => {
    const dir = copyOfFixture();
    const path = join(dir, 'samples.jsonl');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text + text.trim().split('\n').at(-1)!.slice(0, 40));
    const loaded = loadCompare(dir);
    expect(loaded.skippedLines).toEqual([{ line: text.trim().split('\n').length + 1, reason: 'not complete JSON (truncated?)' }]);
    expect(loaded.document.summary.variants.every((v) => v.samples === 3)).toBe(true);
  });

  it('refuses a directory without env.json or samples.jsonl, and a schema it does not know', () => {
    expect(() => loadCompare(mkdtempSync(join(tmpdir(), 'empty-')))).toThrow(/has no env.json: not a dockerwasm results directory/);
    const noSamples = copyOfFixture();
    rmSync(join(noSamples, 'samples.jsonl'));
    expect(() => loadCompare(noSamples)).toThrow(/has no samples.jsonl: not a dockerwasm results directory/);
    const dir = copyOfFixture();
    writeFileSync(join(dir, 'samples.jsonl'), JSON.stringify({ schema: 99, type: 'run' }) + '\n');
    expect(() => loadCompare(dir)).toThrow(/schema version 99 is not one this dockerwasm reads \(1\)/);
  });

  it('refuses to mix algorithms in one report', () => {
    const dir = copyOfFixture();
    const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'));
    env.settings.workload = { algorithm: 'kmeans', observations: 1000 };
    env.label = 'kmeans-obs1000';
    writeFileSync(join(dir, 'env.json'), JSON.stringify(env));
    expect(() => assertOneWorkload([loadCompare(fixture), loadCompare(dir)])).toThrow(/different algorithms \(linreg, kmeans\)/);
  });

  it('writes a self-contained HTML report, Markdown with PNG charts, CSV and JSON', async () => {
    const report = await buildReport([loadCompare(fixture)]);
    expect(chartsIn(report.content).map((c) => c.file)).toEqual(['run-time', 'build-time', 'image-size', 'run-split', 'samples']);
    const html = renderHtml(report.content);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect((html.match(/<svg/g) ?? []).length).toBe(5);
    const out = mkdtempSync(join(tmpdir(), 'dockerwasm-report-out-'));
    const written = await writeReport(report, out, ['html', 'md', 'csv', 'json']);
    expect(written.map((f) => f.slice(out.length + 1))).toEqual(expect.arrayContaining(['report.html', 'report.md', 'charts/run-time.png', 'report.csv', 'report.json']));
    const png = readFileSync(join(out, 'charts', 'run-time.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/!\[Container run time.*\]\(charts\/run-time.png\)/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/- What the program computed \(digest [0-9a-f]{12}.*dataset iris, intercept 0\.3193, r2 -3\.906e\+10/);
    expect(readFileSync(join(out, 'report.csv'), 'utf8').split('\n')[0]).toBe('source,subject,metric,unit,n,mean,sd,median,min,max,cv,ci95_low,ci95_high,outliers');
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });
});
