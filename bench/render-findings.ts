// npm run findings: renders the README's headline table and results/FINDINGS.md from the committed
// results directories they name (bench/findings-inputs.ts), and writes both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-file.js';
import { findingsPagePath, renderFindingsPage } from './findings-page.js';
import { headlineEnd, headlineStart, renderHeadline } from './headline.js';
import { loadFindingsInputs, loadHeadlineInputs, withSection } from './findings-inputs.js';

const root = join(import.meta.dirname, '..');
const readmePath = join(root, 'README.md');
const headline = await loadHeadlineInputs(root);
await writeFileAtomic(readmePath, withSection(readFileSync(readmePath, 'utf8'), renderHeadline(headline), headlineStart, headlineEnd));
await writeFileAtomic(join(root, findingsPagePath), renderFindingsPage(headline, loadFindingsInputs(root)));
process.stderr.write(`wrote the headline of README.md and ${findingsPagePath}\n`);
