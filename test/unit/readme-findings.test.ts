// The README's findings are rendered from committed files (bench/findings.ts): the section in the README
// must be exactly what those files give today, so prose and data cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsEnd, findingsStart, renderFindings } from '../../bench/findings.js';
import { loadFindingsInputs } from '../../bench/findings-inputs.js';

const root = join(import.meta.dirname, '..', '..');

describe("the README's findings", () => {
  it('are what `npm run findings` renders from the committed samples and bench results', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(findingsStart), readme.indexOf(findingsEnd) + findingsEnd.length);
    expect(section.startsWith(findingsStart), 'the README has its findings markers').toBe(true);
    expect(section).toBe(renderFindings(loadFindingsInputs(root)));
  });

  it('name only files that are committed', () => {
    const rendered = renderFindings(loadFindingsInputs(root));
    for (const [, path] of rendered.matchAll(/\]\(([^)]+)\)/g)) expect(() => readFileSync(join(root, path!)), path).not.toThrow();
  });
});
