// Results directories written before the results format had its own module (env.json schema 1) still
// load, and every committed directory's report renders exactly as committed beside it.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportContent } from '../../src/report/content.js';
import { loadResults } from '../../src/report/load-results.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderStandaloneMarkdown } from '../../src/report/standalone-report.js';
import { summariseStandalone } from '../../src/report/standalone-summary.js';
import { isStandaloneDirectory, readStandaloneEnvironment, readStandaloneSamples } from '../../src/results/standalone-file.js';

const root = join(import.meta.dirname, '..', '..');
// a reproduce folder holds one results directory per workload
const folders = readdirSync(join(root, 'results', 'sample')).flatMap((name) => {
  const dir = join(root, 'results', 'sample', name);
  if (!existsSync(join(dir, 'reproduce.json'))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'env.json')))
    .map((entry) => join(dir, entry.name));
});
const all = folders.map((dir) => ({ dir, committed: join(dir, 'report.md') }));
const samples = all.filter(({ dir }) => !isStandaloneDirectory(dir));
const standalone = all.filter(({ dir }) => isStandaloneDirectory(dir));
const fixture = { dir: join(root, 'test', 'fixtures', 'results-linreg'), committed: join(root, 'test', 'fixtures', 'results-linreg.report.md') };

describe('reports of directories written by earlier versions', () => {
  it('include directories written with env.json schema 1', () => {
    const schemas = [...samples, fixture].map(({ dir }) => loadResults(dir).env.schema);
    expect(schemas.filter((schema) => schema === 1).length).toBeGreaterThanOrEqual(3);
  });

  it.each([...samples, fixture])('$dir renders the same report.md', async ({ dir, committed }) => {
    // a copy, so that the directory's name is the same and nothing is written into the repository
    const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-golden-')), dir.split('/').at(-1)!);
    cpSync(dir, copy, { recursive: true });
    const results = loadResults(copy);
    expect([1, 2]).toContain(results.env.schema);
    expect(renderMarkdown(await buildReportContent([results]))).toBe(readFileSync(committed, 'utf8'));
  });

  it.each(standalone)('$dir (a standalone run) renders the same report.md', ({ dir, committed }) => {
    const env = readStandaloneEnvironment(dir);
    const summary = summariseStandalone(env, readStandaloneSamples(dir).samples);
    expect(renderStandaloneMarkdown(env, summary, 'charts')).toBe(readFileSync(committed, 'utf8'));
  });
});
