// The committed files the README's findings are rendered from: the sample runs under results/sample/,
// the newest full bench run and the tree's footprint sweep under bench/results/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompare, loadResults, type LoadedDensity } from '../src/report/load-results.js';
import { loadReproduceFolder } from '../src/report/reproduce-folder.js';
import type { EngineInputs } from './engines.js';
import type { HeadlineInputs, ReproduceRun } from './headline.js';
import { summariseStandalone } from '../src/report/standalone/summarise.js';
import { readEnvironment } from '../src/results/environment.js';
import { readSamples } from '../src/results/sample-log.js';
import type { FindingsInputs, OciCacheRun } from './findings.js';
import type { OciCacheRow } from './oci-wasm-cache-row.js';
import type { BenchResults } from './readme.js';
import { resultsFolders } from './wasm-at-best.js';

/** A committed reproduce folder under results/sample, as the headline reads it. */
async function reproduceRun(root: string, name: string): Promise<ReproduceRun> {
  const folder = join(root, 'results', 'sample', name);
  const { spec, measured } = await loadReproduceFolder(folder);
  return { folder: `results/sample/${name}`, name: spec.name, questions: spec.questions, seed: spec.seed, samples: spec.samples, workloads: measured };
}

const present = (root: string, name: string) => existsSync(join(root, 'results', 'sample', name, 'spec.yaml'));

/** The headline's committed runs: the stock reproduce, its density runs, each step over it, the inline-threshold sweep. */
export async function loadHeadlineInputs(root: string): Promise<HeadlineInputs> {
  const steps = [
    { step: 'threads; futex rewrite', change: 'the wasm32-wasip1-threads module: wasi-threads as shipped under the wasmtime shim, and under our WasmEdge shim with its atomic waits rewritten into host futex calls', name: 'step-threads' },
    { step: 'inline threshold', change: '-C llvm-args=-inline-threshold=1000 on native and Wasm alike', name: 'step-inline-1000' },
    { step: 'precompiled module', change: 'the wasmtime shim on a .cwasm compiled once (what the OCI Wasm image cache gives it)', name: 'step-wasmtime-precompiled' },
  ];
  const inline = [
    { threshold: "default (LLVM's)", name: 'stock-headline' },
    { threshold: '500', name: 'inline-threshold-500' },
    { threshold: '1000', name: 'step-inline-1000' },
    { threshold: '2000', name: 'inline-threshold-2000' },
  ];
  const densityFolder = join(root, 'results', 'sample', 'stock-density');
  return {
    stock: await reproduceRun(root, 'stock-headline'),
    density: ['kmeans', 'linreg', 'tree']
      .filter((w) => existsSync(join(densityFolder, w, 'env.json')))
      .map((w) => ({ folder: `results/sample/stock-density/${w}`, results: loadResults(join(densityFolder, w)) as LoadedDensity })),
    steps: await Promise.all(steps.filter((s) => present(root, s.name)).map(async (s) => ({ step: s.step, change: s.change, run: await reproduceRun(root, s.name) }))),
    inline: await Promise.all(inline.filter((i) => present(root, i.name)).map(async (i) => ({ threshold: i.threshold, run: await reproduceRun(root, i.name) }))),
    inlineNotRun: inline.filter((i) => !present(root, i.name)).map((i) => ({ threshold: i.threshold, spec: `results/specs/${i.name}.yaml` })),
    ...(present(root, 'docker26-stock') && present(root, 'docker28-stock') ? { engines: await engineInputs(root) } : {}),
  };
}

/** The stock spec through each engine, and one start-up run per engine (results/sample/startup-docker*). */
async function engineInputs(root: string): Promise<EngineInputs> {
  const startup = ['startup-docker26', 'startup-docker28']
    .filter((name) => existsSync(join(root, 'results', 'sample', name, 'env.json')))
    .map((name) => ({ folder: `results/sample/${name}`, results: loadCompare(join(root, 'results', 'sample', name)) }));
  return { docker26: await reproduceRun(root, 'docker26-stock'), docker28: await reproduceRun(root, 'docker28-stock'), startup };
}

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

/** The README with the section from its start marker to its end marker replaced by `section` (which carries both markers). */
export function withSection(readme: string, section: string, startMarker: string, endMarker: string): string {
  const start = readme.indexOf(startMarker);
  const end = readme.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`README.md has no section between the markers ${startMarker} and ${endMarker}`);
  return readme.slice(0, start) + section + readme.slice(end + endMarker.length);
}
