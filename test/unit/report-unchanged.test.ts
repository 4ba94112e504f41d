// Results directories written before the results format had its own module (env.json schema 1) still
// load, and every committed directory's report renders exactly as committed beside it.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportContent } from '../../src/report/content.js';
import { loadResults } from '../../src/report/load-results.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';

const root = join(import.meta.dirname, '..', '..');
const samples = readdirSync(join(root, 'results', 'sample')).map((name) => ({
  dir: join(root, 'results', 'sample', name),
  committed: join(root, 'results', 'sample', name, 'report.md'),
}));
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
});
