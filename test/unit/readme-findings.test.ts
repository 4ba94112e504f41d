// The README's headline table and results/FINDINGS.md are rendered from committed files (bench/headline.ts,
// bench/findings-page.ts): both must be exactly what those files give today, so prose and data cannot drift apart.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsPagePath, renderFindingsPage } from '../../bench/findings-page.js';
import { loadFindingsInputs, loadHeadlineInputs } from '../../bench/findings-inputs.js';
import { headlineEnd, headlineStart, renderHeadline } from '../../bench/headline.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const links = (markdown: string) => [...markdown.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((path) => !/^https?:/.test(path));

describe('the README headline and the findings page', () => {
  it('the README table is what `npm run findings` renders from the committed stock runs', async () => {
    const section = readme.slice(readme.indexOf(headlineStart), readme.indexOf(headlineEnd) + headlineEnd.length);
    expect(section.startsWith(headlineStart), 'the README has its headline markers').toBe(true);
    expect(section).toBe(renderHeadline(await loadHeadlineInputs(root)));
  });

  it('results/FINDINGS.md is what `npm run findings` renders from the committed directories', async () => {
    const page = readFileSync(join(root, findingsPagePath), 'utf8');
    expect(page).toBe(renderFindingsPage(await loadHeadlineInputs(root), loadFindingsInputs(root)));
  });

  it('name only files that are committed', () => {
    for (const path of links(readme)) expect(() => readFileSync(join(root, path)), `README: ${path}`).not.toThrow();
    const page = readFileSync(join(root, findingsPagePath), 'utf8');
    for (const path of links(page)) expect(() => readFileSync(join(root, dirname(findingsPagePath), path)), `FINDINGS: ${path}`).not.toThrow();
    const guide = readFileSync(join(root, 'docs', 'GUIDE.md'), 'utf8');
    for (const path of links(guide)) expect(existsSync(join(root, 'docs', path)), `GUIDE: ${path}`).toBe(true);
  });

  it('the README stays one screen of answer: under 1,500 words', () => {
    expect(readme.split(/\s+/).filter(Boolean).length).toBeLessThan(1500);
  });
});
