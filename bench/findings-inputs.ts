// The committed files the README's findings are rendered from: the sample runs under results/sample/,
// the newest full bench run and the tree's footprint sweep under bench/results/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompare } from '../src/report/load-results.js';
import { summariseStandalone } from '../src/report/standalone/summarise.js';
import { readEnvironment } from '../src/results/environment.js';
import { readSamples } from '../src/results/sample-log.js';
import type { FindingsInputs, OciCacheRun } from './findings.js';
import type { OciCacheRow } from './oci-wasm-cache-row.js';
import type { BenchResults } from './readme.js';
import { resultsFolders } from './wasm-at-best.js';

export function loadFindingsInputs(root: string): FindingsInputs {
  const benchFolder = join(root, 'bench', 'results');
  const names = readdirSync(benchFolder).sort();
  const fullRun = names.filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name)).at(-1);
  const footprint = names.filter((name) => /-tree-footprint\.json$/.test(name)).at(-1);
  const ociCache = names.filter((name) => /-oci-wasm-cache-table18\.json$/.test(name)).at(-1);
  const ociDocker = names.filter((name) => /-oci-wasm-docker-table18\.json$/.test(name)).at(-1);
  if (!fullRun || !footprint) throw new Error(`bench/results has no full bench run or no tree footprint sweep (${names.join(', ')})`);
  return {
    samples: { tree: loadCompare(join(root, 'results', 'sample', 'tree-rows100000')), kmeans: loadCompare(join(root, 'results', 'sample', 'kmeans-obs1000000')) },
    cpu: {
      kmeans: { name: 'kmeans-obs1000000-cpu', results: loadCompare(join(root, 'results', 'sample', 'kmeans-obs1000000-cpu')) },
      tree: { name: 'tree-rows20000-cpu', results: loadCompare(join(root, 'results', 'sample', 'tree-rows20000-cpu')) },
    },
    bench: { file: `results/${fullRun}`, results: JSON.parse(readFileSync(join(benchFolder, fullRun), 'utf8')) as BenchResults },
    footprint: { file: `results/${footprint}`, ...(JSON.parse(readFileSync(join(benchFolder, footprint), 'utf8')) as Omit<FindingsInputs['footprint'], 'file'>) },
    standalone: standaloneRun(join(root, 'results', 'sample'), 'runtimes-thesis'),
    // the newest run of a column first: a later folder's run of the same workload is not used for the table
    atBest: sampleFolders(root, ['table18-inline', 'table18-tree-inline']),
    atBestAgain: sampleFolders(root, [
      'table18-epyc-inline',
      'table18-xeon-kmeans-linreg',
      'table18-kmeans-aot-generic',
      'table18-kmeans-aot-host-tuned',
      'table18-kmeans-host-waits',
      'table18-threads',
      'table18-tree',
    ]),
    cheaperDigest: sampleFolders(root, ['wasmtime-overhead-leb128', 'tree-wasmtime-overhead-leb128', 'tree2-wasmtime-overhead-leb128']),
    ociCache: ociCache ? ociCacheRun(benchFolder, ociCache) : null,
    ociDocker: ociDocker ? ociCacheRun(benchFolder, ociDocker) : null,
  };
}

/** The committed folders under results/sample among these names, each with its runs. */
function sampleFolders(root: string, folders: string[]): FindingsInputs['atBest'] {
  return folders
    .filter((folder) => existsSync(join(root, 'results', 'sample', folder)))
    .map((folder) => ({ folder, runs: resultsFolders([join(root, 'results', 'sample', folder)]).map(loadCompare) }));
}

function ociCacheRun(benchFolder: string, name: string): OciCacheRun {
  const file = JSON.parse(readFileSync(join(benchFolder, name), 'utf8')) as { command: string; host?: { cpus: number; cpuModel: string }; path: string; rows: OciCacheRow[] };
  return { file: `results/${name}`, command: file.command, host: file.host ? `${file.host.cpus} vCPU ${file.host.cpuModel}` : null, path: file.path, rows: file.rows };
}

function standaloneRun(folder: string, name: string): FindingsInputs['standalone'] {
  const env = readEnvironment(join(folder, name), 'standalone');
  return { name, env, summary: summariseStandalone(env, readSamples(join(folder, name), 'standalone').records) };
}

/** The README with its findings section replaced by `findings` (the section runs from its start marker to its end marker). */
export function withFindings(readme: string, findings: string, startMarker: string, endMarker: string): string {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error('README.md has no findings section between its markers');
  return readme.slice(0, start) + findings + readme.slice(end + endMarker.length);
}
