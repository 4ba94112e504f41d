// The direction of src/'s imports, read with TypeScript's own scanner: spec (config, workloads) -> guests ->
// images -> samples (the run skeleton and each kind of run) -> results -> statistics -> report -> cli. Every
// rule is a folder's, with no file named as an exception. The results format, the report and the spec never
// reach the engine; one kind of run never reaches another; and what `dockerwasm report` loads, from the
// entry point on, holds no engine code and no dockerode.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '..', '..', 'src');

interface Import {
  from: string;
  to: string;
  /** erased when the code runs */
  typeOnly: boolean;
  /** `import('...')`: loaded only when that code runs */
  dynamic: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(src);
const texts = new Map(files.map((file) => [relative(src, file), readFileSync(file, 'utf8')]));
const named = (text: string) => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

/** Every module a file names (imports, re-exports, dynamic and side-effect imports). */
const imports: Import[] = [...texts].flatMap(([from, text]) => {
  const names = named(text).filter((name) => name.startsWith('.'));
  const typeOnly = [...text.matchAll(/^(?:import|export)\s+type\s[^;]*?from\s+['"](\.[^'"]+)['"]/gms)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const count = (list: string[], name: string) => list.filter((n) => n === name).length;
  return [...new Set(names)].map((name) => ({
    from,
    to: relative(src, resolve(dirname(join(src, from)), name.replace(/\.js$/, '.ts'))),
    typeOnly: count(names, name) === count(typeOnly, name),
    dynamic: count(names, name) === count(dynamic, name),
  }));
});

/** The packages a file imports (bare specifiers). */
const packagesOf = (file: string) => named(texts.get(file) ?? '').filter((name) => !name.startsWith('.') && !name.startsWith('node:'));

/** Every file a module loads when it runs (type-only imports are erased; dynamic ones only with `dynamic`). */
function loadedBy(starts: string[], dynamic = false): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const edge of imports) {
      if (edge.from === file && !edge.typeOnly && (dynamic || !edge.dynamic) && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}

const inFolder = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const described = (edges: Import[]) => edges.map((e) => `${e.from} -> ${e.to}${e.typeOnly ? ' (type)' : ''}`);
const kinds = ['compare', 'density', 'standalone'];

describe('the layering of src/', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(imports.filter((e) => e.from.startsWith('report/')).length).toBeGreaterThan(10);
    expect(imports.filter((e) => e.dynamic).length).toBeGreaterThanOrEqual(10);
    for (const edge of imports) expect([...texts.keys()], `${edge.from} imports ${edge.to}`).toContain(edge.to);
  });

  const leaves = ['io', 'stats', 'thesis', 'flavours'];
  const everything = ['cli', 'report', ...kinds, 'run', 'images', 'profiles', 'dockerfiles', 'guests', 'config', 'results', 'engine', 'host', 'datasets', 'workloads', ...leaves];
  const below = (...allowed: string[]) => everything.filter((folder) => !allowed.includes(folder));
  const forbidden: [string, string[]][] = [
    ...leaves.map((leaf): [string, string[]] => [leaf, below(leaf)]),
    ['workloads', below('workloads', 'io')],
    ['engine', below('engine', 'io')],
    ['results', below('results', 'stats', 'io')],
    ['config', ['cli', 'report', ...kinds.filter((k) => k !== 'standalone'), 'run', 'images', 'dockerfiles', 'guests', 'results', 'engine', 'host', 'datasets']],
    ['report', ['cli', ...kinds, 'run', 'images', 'profiles', 'dockerfiles', 'guests', 'engine', 'host', 'datasets']],
    ['run', ['cli', 'report', ...kinds, 'images', 'profiles', 'dockerfiles', 'guests', 'engine', 'config', 'workloads']],
    ['images', ['cli', 'report', ...kinds, 'run']],
    ['profiles', ['cli', 'report', ...kinds, 'run', 'images', 'config']],
    ['dockerfiles', ['cli', 'report', ...kinds, 'run', 'images', 'profiles', 'results']],
    ['guests', ['cli', 'report', ...kinds, 'run', 'images', 'profiles', 'dockerfiles', 'results', 'engine', 'config']],
    ...kinds.map((kind): [string, string[]] => [kind, ['cli', 'report', ...kinds.filter((other) => other !== kind)]]),
  ];
  it.each(forbidden)('%s/ imports none of %j', (folder, others) => {
    const wrong = imports.filter((e) => inFolder(folder)(e.from) && others.some((other) => inFolder(other)(e.to)));
    expect(described(wrong)).toEqual([]);
  });

  it('the settings, the results format and the report load no engine code', () => {
    for (const folder of ['config', 'results', 'report', 'workloads']) {
      const loaded = [...loadedBy([...texts.keys()].filter(inFolder(folder)))];
      expect(loaded.filter(inFolder('engine')), folder).toEqual([]);
    }
  });

  it('the entry point loads only the command that runs', () => {
    const loaded = [...loadedBy(['cli/main.ts'])];
    expect(loaded.filter((file) => file.startsWith('cli/commands/') && file !== 'cli/commands/index.ts')).toEqual([]);
    expect(loaded.filter((file) => ['engine', 'report', 'run', ...kinds].some((folder) => inFolder(folder)(file)))).toEqual([]);
  });

  it('`dockerwasm report`, from the entry point on, loads no engine code and no dockerode', () => {
    const loaded = [...loadedBy(['cli/main.ts', 'cli/commands/report.ts'])];
    expect(loaded.filter((file) => ['engine', 'run', 'images', ...kinds].some((folder) => inFolder(folder)(file)))).toEqual([]);
    expect(loaded.filter((file) => packagesOf(file).includes('dockerode'))).toEqual([]);
    for (const summary of ['report/compare/summarise.ts', 'report/density/summarise.ts', 'report/standalone/summarise.ts']) expect(loaded).toContain(summary);
  });
});
