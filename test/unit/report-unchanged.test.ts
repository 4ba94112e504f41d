// Every committed results directory, of every kind (compare, density, standalone, and the reproduce folders
// that hold compare directories), re-rendered by `dockerwasm report` through the CLI's entry point: its
// report.md (and a reproduce folder's reproduce.md) must be byte for byte the one committed beside it.
// Directories written by earlier versions of the results format are among them.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { environmentKind, readEnvironment } from '../../src/results/environment.js';

const root = join(import.meta.dirname, '..', '..');
const sampleRoots = [join(root, 'results', 'sample'), join(root, 'results', 'sample-density')];
const committed = sampleRoots.flatMap((folder) => readdirSync(folder).map((name) => join(folder, name)));
const reproduceFolders = committed.filter((dir) => existsSync(join(dir, 'spec.yaml')));
const runDirs = [
  ...committed.filter((dir) => existsSync(join(dir, 'env.json'))),
  ...reproduceFolders.flatMap((dir) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'env.json'))).map((e) => join(dir, e.name))),
];
const fixture = join(root, 'test', 'fixtures', 'results-linreg');

/** A copy of `dir` under the same name (the name is in the report), so nothing is written into the repository. */
function copyOf(dir: string, committedReport = join(dir, 'report.md')): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-golden-')), basename(dir));
  cpSync(dir, copy, { recursive: true });
  cpSync(committedReport, join(copy, 'report.md.committed'));
  return copy;
}

async function report(dir: string) {
  const result = await execa('node', ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'report', dir, '--format', 'md'], { cwd: root, reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
}

describe('reports of every committed results directory, through `dockerwasm report`', () => {
  it('covers every kind, and directories of every env.json version', () => {
    const kinds = new Set(runDirs.map(environmentKind));
    expect([...kinds].sort()).toEqual(['compare', 'density', 'standalone']);
    expect(reproduceFolders.length).toBeGreaterThanOrEqual(5);
    const compareVersions = new Set([...runDirs, fixture].filter((dir) => environmentKind(dir) === 'compare').map((dir) => readEnvironment(dir).schema));
    expect([...compareVersions].sort()).toEqual([1, 2]);
  });

  it.concurrent.each([...runDirs.map((dir) => ({ dir, committedReport: join(dir, 'report.md') })), { dir: fixture, committedReport: `${fixture}.report.md` }])(
    '$dir renders the same report.md',
    async ({ dir, committedReport }) => {
      const copy = copyOf(dir, committedReport);
      await report(copy);
      expect(readFileSync(join(copy, 'report.md'), 'utf8')).toBe(readFileSync(join(copy, 'report.md.committed'), 'utf8'));
    },
  );

  it.concurrent.each(reproduceFolders)('%s (a reproduce folder) renders the same report.md and reproduce.md', async (dir) => {
    const copy = copyOf(dir);
    await report(copy);
    expect(readFileSync(join(copy, 'report.md'), 'utf8')).toBe(readFileSync(join(copy, 'report.md.committed'), 'utf8'));
    expect(readFileSync(join(copy, 'reproduce.md'), 'utf8')).toBe(readFileSync(join(dir, 'reproduce.md'), 'utf8'));
  });
});
