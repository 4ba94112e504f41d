// The direction of src/'s imports: spec (config) -> guests -> images -> samples (experiment, results)
// -> statistics -> report. The report and the results format never reach the experiment runner, the
// engine or the CLI, so `dockerwasm report` runs without any of them; the runner never reaches the report.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '..', '..', 'src');

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(src);
/** Every module a file names (imports, re-exports, dynamic and side-effect imports), found by TypeScript's own scanner. */
const imports: Import[] = files.flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const named = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName).filter((name) => name.startsWith('.'));
  // statements that import only types (erased when the code runs)
  const typeOnly = [...text.matchAll(/^(?:import|export)\s+type\s[^;]*?from\s+['"](\.[^'"]+)['"]/gms)].map((m) => m[1]!);
  return [...new Set(named)].map((name) => ({
    from: relative(src, file),
    to: relative(src, resolve(dirname(file), name.replace(/\.js$/, '.ts'))),
    typeOnly: named.filter((n) => n === name).length === typeOnly.filter((n) => n === name).length,
  }));
});

/** Every file a module loads when it runs (type-only imports are erased). */
function loadedBy(start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const edge of imports) {
      if (edge.from === file && !edge.typeOnly && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}

const inFolder = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const described = (edges: Import[]) => edges.map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`);

describe('the layering of src/', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(imports.filter((e) => e.from.startsWith('report/')).length).toBeGreaterThan(10);
    for (const edge of imports) expect(files.map((f) => relative(src, f)), `${edge.from} imports ${edge.to}`).toContain(edge.to);
  });

  const forbidden: [string, string[]][] = [
    ['report', ['experiment', 'density', 'standalone', 'engine', 'cli', 'runtimes', 'guests', 'dockerfiles']],
    ['results', ['experiment', 'density', 'standalone', 'report', 'cli', 'runtimes', 'guests', 'dockerfiles']],
    ['standalone', ['report', 'density', 'cli', 'runtimes', 'dockerfiles']],
    ['experiment', ['report', 'density', 'cli']],
    ['density', ['report', 'cli']],
    ['stats', ['experiment', 'density', 'report', 'results', 'engine', 'cli', 'config']],
    ['engine', ['experiment', 'density', 'report', 'results', 'cli', 'config', 'runtimes', 'guests', 'dockerfiles']],
    ['config', ['experiment', 'density', 'report', 'results', 'engine', 'cli', 'guests', 'runtimes', 'dockerfiles']],
    ['thesis', ['config', 'experiment', 'report', 'results', 'engine', 'cli']],
  ];
  it.each(forbidden)('%s/ imports none of %j', (folder, others) => {
    const wrong = imports.filter((e) => inFolder(folder)(e.from) && others.some((other) => inFolder(other)(e.to)));
    expect(described(wrong)).toEqual([]);
  });

  it('results/ takes only types from the engine (the sampler\'s vocabulary), never code', () => {
    const wrong = imports.filter((e) => inFolder('results')(e.from) && inFolder('engine')(e.to) && !e.typeOnly);
    expect(described(wrong)).toEqual([]);
  });

  it('`dockerwasm report` loads neither the experiment runner nor the engine', () => {
    const loaded = [...loadedBy('cli/commands/report.ts')];
    expect(loaded.filter((f) => ['experiment', 'engine', 'runtimes', 'guests'].some((folder) => inFolder(folder)(f)))).toEqual([]);
    expect(loaded).toContain('report/summarise.ts');
  });
});
