// Rewrites bench/README.md from a saved bench results file and bench/analysis.md, without measuring
// anything (after editing the analysis). Usage: node --import tsx bench/render-readme.ts [results/<date>.json]
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-file.js';
import { renderBenchReadme, type BenchResults } from './readme.js';

const folder = join(import.meta.dirname, 'results');
const newestFullRun = readdirSync(folder).filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name)).sort().at(-1);
const file = process.argv[2] ? resolve(import.meta.dirname, process.argv[2]) : newestFullRun && join(folder, newestFullRun);
if (!file) {
  process.stderr.write('no full bench results in bench/results; run `npm run bench` first\n');
  process.exit(3);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
const analysis = readFileSync(join(import.meta.dirname, 'analysis.md'), 'utf8');
await writeFileAtomic(join(import.meta.dirname, 'README.md'), renderBenchReadme(results, analysis));
process.stderr.write(`wrote bench/README.md from ${file}\n`);
