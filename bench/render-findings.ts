// npm run findings: renders the README's "What we found" from the committed files it names
// (bench/findings-inputs.ts) and writes it into README.md between its markers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-file.js';
import { findingsEnd, findingsStart, renderFindings } from './findings.js';
import { loadFindingsInputs, withFindings } from './findings-inputs.js';

const root = join(import.meta.dirname, '..');
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
await writeFileAtomic(readmePath, withFindings(readme, renderFindings(loadFindingsInputs(root)), findingsStart, findingsEnd));
process.stderr.write('wrote the findings section of README.md\n');
