import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import Table from 'cli-table3';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { fullRowCount } from '../../datasets/cvd-schema.js';
import { algorithms, limits, linregDatasets, type Algorithm, type WorkloadInput } from '../../config/settings.js';
import {
  parseStandaloneSettings,
  standaloneDefaults,
  standaloneLabel,
  thesisSampleCounts,
  thesisStandaloneSizes,
  type StandaloneSettings,
  type StandaloneSettingsInput,
} from '../../config/standalone-settings.js';
import { standaloneRuntimeNames, standaloneRuntimes } from '../../config/standalone-runtimes.js';
import { usageError } from '../../errors.js';
import { buildGuest } from '../../guests/build-guest.js';
import { findBinaryen, findToolchain } from '../../guests/toolchain.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { rankingLines, standaloneTable, writeStandaloneReport } from '../../report/standalone-report.js';
import { resultsDirName } from '../../results/sample-log.js';
import { findRuntimes, runtimesPrefix, type RuntimeAvailability } from '../../standalone/find-runtimes.js';
import { resumedStandaloneSettings, runStandalone } from '../../standalone/run-standalone.js';
import { interruptSignal } from '../interrupts.js';
import { nameList, oneOf, wholeNumber } from '../options.js';
import { renderTable } from '../../report/render-terminal.js';
import { createUi, type Ui } from '../ui.js';

export interface StandaloneOptions {
  thesis?: boolean;
  runtimes?: string[] | 'all';
  samples?: number | 'thesis';
  warmup?: number;
  seed?: number;
  timeout?: number;
  observations?: number[];
  rows?: number[];
  dataset?: 'iris' | 'diabetes';
  interpretersAll?: boolean;
  out?: string;
  outAnywhere?: boolean;
  resume?: string;
  json?: boolean;
}

function sizeList(name: string, range: { min: number; max: number }) {
  const one = wholeNumber(name, range.min, range.max);
  return (text: string): number[] => {
    const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length === 0) throw new InvalidArgumentError(`${name} needs at least one number, e.g. 1000,10000`);
    return parts.map(one);
  };
}

function samplesOption(text: string): number | 'thesis' {
  if (text.trim() === 'thesis') return 'thesis';
  return wholeNumber('--samples', limits.samples.min, limits.samples.max)(text);
}

/** The workloads of one algorithm the options ask for. */
export function workloadsFrom(algorithm: Algorithm, options: StandaloneOptions): WorkloadInput[] {
  if (options.observations && algorithm !== 'kmeans') throw usageError(`--observations applies to kmeans only, not ${algorithm}`);
  if (options.rows && algorithm !== 'tree') throw usageError(`--rows applies to tree only, not ${algorithm}`);
  if (options.dataset && algorithm !== 'linreg') throw usageError(`--dataset applies to linreg only, not ${algorithm}`);
  if (algorithm === 'kmeans') return (options.observations ?? standaloneDefaults.kmeansObservations).map((observations) => ({ algorithm, observations }));
  if (algorithm === 'tree') return (options.rows ?? standaloneDefaults.treeRows).map((rows) => ({ algorithm, rows }));
  return [{ algorithm, ...(options.dataset ? { dataset: options.dataset } : {}) }];
}

/** The thesis's sections 5.1-5.3: K-Means at four sizes, linear regression on diabetes (as its text), the tree on the full dataset. */
export function thesisWorkloads(options: StandaloneOptions): WorkloadInput[] {
  if (options.dataset) throw usageError('--thesis runs linreg on diabetes, as the thesis did; --dataset does not apply');
  return [
    ...(options.observations ?? thesisStandaloneSizes.kmeans).map((observations) => ({ algorithm: 'kmeans' as const, observations })),
    { algorithm: 'linreg' as const, dataset: 'diabetes' as const },
    ...(options.rows ?? [fullRowCount]).map((rows) => ({ algorithm: 'tree' as const, rows })),
  ];
}

export function standaloneSettingsFrom(workloads: WorkloadInput[], options: StandaloneOptions): StandaloneSettingsInput {
  return {
    workloads,
    seed: options.seed ?? randomInt(0, 2 ** 32 - 1),
    ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.warmup !== undefined ? { warmup: options.warmup } : {}),
    ...(options.timeout !== undefined ? { timeoutSeconds: options.timeout } : {}),
    ...(options.interpretersAll ? { interpretersAll: true } : {}),
  };
}

/** The options `runtimes` and `reproduce --standalone` share. */
export function addStandaloneOptions(command: Command): Command {
  return command
    .option('--runtimes <list>', `runtimes, a,b or all (native always runs): ${standaloneRuntimeNames.join(', ')}`, nameList('--runtimes', standaloneRuntimeNames))
    .option('--samples <n|thesis>', `samples per cell (default ${standaloneDefaults.samples}); thesis: ${thesisSampleCounts.usual}, and ${thesisSampleCounts.large} for kmeans 1,000,000 and the tree`, samplesOption)
    .option('--warmup <n>', `warm-up runs per cell, not counted (default ${standaloneDefaults.warmup})`, wholeNumber('--warmup', limits.warmup.min, limits.warmup.max))
    .option('--seed <n>', 'seed of the shuffled order (default: random, recorded)', wholeNumber('--seed', limits.seed.min, limits.seed.max))
    .option('--timeout <seconds>', `per-sample timeout: a process still running is killed, recorded as a timeout, and the run goes on (default ${standaloneDefaults.timeoutSeconds})`, wholeNumber('--timeout', limits.timeoutSeconds.min, limits.timeoutSeconds.max))
    .option('--interpreters-all', `interpreters also run the largest sizes (${standaloneRuntimes.filter((r) => r.ceiling).map((r) => `${r.name}: kmeans above ${r.ceiling!.kmeans.toLocaleString('en-US')} observations, the tree above ${r.ceiling!.tree.toLocaleString('en-US')} rows`).join('; ')})`)
    .option('--out <dir>', 'results directory (default results/<time>-runtimes-<workload>)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .option('--resume <dir>', 'continue an interrupted run in <dir> (its settings; recorded runs are not measured again)')
    .option('--json', 'print the summary as JSON on stdout');
}

export function availabilityTable(rows: RuntimeAvailability[]): string {
  const table = new Table({ head: ['runtime', 'kind', 'available', 'version', 'source, or why not'], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 13, 11, 38, 64] });
  for (const row of rows) {
    const runtime = standaloneRuntimes.find((r) => r.name === row.name)!;
    table.push([row.name, runtime.kind, row.available ? 'yes' : 'no', row.version ?? '-', row.available ? (row.source ?? '') : (row.reason ?? '')]);
  }
  return table.toString();
}

/** `runtimes --list` and doctor's section: every runtime, found and probed. */
export async function listRuntimes(ui: Ui, json: boolean): Promise<RuntimeAvailability[]> {
  ui.info(`looking for runtimes in ${join(runtimesPrefix(), 'bin')} and on PATH, and running a tiny WASI module on each`);
  const found = await findRuntimes(standaloneRuntimes, { signal: interruptSignal });
  if (json) ui.data(JSON.stringify({ prefix: runtimesPrefix(), runtimes: found }, null, 2));
  else ui.data(availabilityTable(found));
  return found;
}

/** Runs a standalone experiment into a results directory and prints its tables. */
export async function runStandaloneCommand(settings: StandaloneSettings, dir: string, options: StandaloneOptions, ui: Ui): Promise<void> {
  const toolchain = await findToolchain();
  const wasmOpt = await findBinaryen();
  const started = performance.now();
  try {
    await runStandalone({
      buildGuest: (w) => buildGuest(w, { toolchain, onProgress: (line) => ui.info(`  ${line}`), signal: interruptSignal }),
      wasmOpt,
      signal: interruptSignal,
      settings,
      dir,
      resume: options.resume !== undefined,
      commandLine: process.argv.slice(2),
      progress: {
        info: ui.info,
        warn: ui.warn,
        step(step, done, total) {
          ui.info(`run ${done + 1}/${total}: ${step.runtime} ${step.workload} ${step.phase} ${step.index + 1}`);
        },
        recorded(sample) {
          ui.info(`  ${sample.wallMs === null ? '-' : (sample.wallMs / 1000).toFixed(3)} s${sample.outcome === 'ok' ? '' : `  ${sample.outcome.toUpperCase()}: ${sample.error ?? ''}`}`);
        },
      },
    });
  } catch (error) {
    ui.info(`what was measured is kept in ${dir} (continue with --resume ${dir})`);
    await writeStandaloneReport(dir, { charts: false }).catch(() => undefined);
    throw error;
  }
  const { summary, files } = await writeStandaloneReport(dir);
  ui.info(`measured in ${((performance.now() - started) / 1000).toFixed(0)} s; report: ${files.find((file) => file.endsWith('report.md'))}`);
  if (options.json) ui.data(JSON.stringify({ dir, summary }, null, 2));
  else {
    const parts = summary.workloads.flatMap((w) => [w.label, renderTable(standaloneTable(summary, w.label)), '']);
    ui.data([...parts, ...rankingLines(summary).map((l) => `  ${l}`), ...summary.warnings.map((w) => `  warning: ${w}`), '', `results: ${dir}`].join('\n'));
  }
}

export function resolveStandaloneDir(options: StandaloneOptions, settings: StandaloneSettings): string {
  return options.out !== undefined ? resolveOutputDir(options.out, options.outAnywhere ?? false) : join(paths.results(), resultsDirName(standaloneLabel(settings.workloads)));
}

export function registerRuntimes(program: Command): void {
  const command = program
    .command('runtimes')
    .argument('[algorithm]', `the workload: ${algorithms.join(', ')}`, oneOf('algorithm', algorithms))
    .summary('run one workload on standalone Wasm runtimes, outside containers: time, CPU and memory per process')
    .description(
      'Runs the same wasm32-wasip1 module the containers use on every standalone runtime found (WasmEdge AOT and ' +
        'interpreter, Wasmtime, Wasmer, Wasm3, GraalWasm, Node.js, wazero; WAVM and Spin keep rows saying why they ' +
        'cannot run here), and the native binary as the baseline. Each sample is one fresh process, measured by the ' +
        "kernel: wall time (monotonic), user and system CPU time, peak RSS, and VmPeak at exit. Every run's digest is " +
        "checked against native's. Cells (runtime x size) are interleaved per round from a recorded seed; samples.jsonl " +
        'is written as measured; the report puts our figures beside the thesis\'s Tables 7-15. ' +
        `Runtimes are found in ${join(runtimesPrefix(), 'bin')} (scripts/provision-runtimes.sh installs them; DOCKERWASM_RUNTIMES_PREFIX moves it) and on PATH.`,
    )
    .option('--list', 'list every runtime: its version, where it came from, available or why not')
    .option('--thesis', "all of the thesis's Tables 7-15 in one run: kmeans at 1,000 to 1,000,000 observations, linreg (diabetes), the tree on the full dataset (with --samples thesis: its 100 / 10 samples)")
    .option('--observations <list>', `kmeans: points per centroid, one cell per size (default ${standaloneDefaults.kmeansObservations.join(',')})`, sizeList('--observations', limits.observations))
    .option('--rows <list>', `tree: rows of the embedded dataset, one build per size (default ${standaloneDefaults.treeRows.join(',')})`, sizeList('--rows', limits.rows))
    .option('--dataset <name>', 'linreg: iris or diabetes', oneOf('--dataset', linregDatasets));
  addStandaloneOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm runtimes --list\n' +
        '  dockerwasm runtimes kmeans --observations 1000,10000,100000 --samples 10\n' +
        '  dockerwasm runtimes tree --rows 5000 --runtimes wasmtime,wasmedge-aot,wasm3\n' +
        '  dockerwasm runtimes linreg --samples thesis --json > linreg.json\n' +
        '  dockerwasm runtimes kmeans --resume results/20261202T070000Z-runtimes-kmeans\n' +
        '  dockerwasm runtimes --thesis --samples thesis   (all of the thesis\'s Tables 7-15 in one run)',
    )
    .action(async (algorithm: string | undefined, options: StandaloneOptions & { list?: boolean }) => {
      const ui = createUi();
      if (options.list) {
        if (algorithm !== undefined) throw usageError('--list takes no workload');
        await listRuntimes(ui, options.json ?? false);
        return;
      }
      let dir: string;
      let settings: StandaloneSettings;
      if (options.resume !== undefined) {
        dir = resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume');
        settings = resumedStandaloneSettings(dir);
        if (algorithm !== undefined && !settings.workloads.every((w) => w.algorithm === algorithm)) throw usageError(`--resume ${dir}: that run measured ${settings.workloads.map((w) => w.algorithm).join(', ')}, not ${algorithm}`);
      } else {
        if (options.thesis && algorithm !== undefined) throw usageError('--thesis runs every workload: name none');
        if (!options.thesis && algorithm === undefined) throw usageError(`name a workload (${algorithms.join(', ')}), or --thesis, or --list`, 'e.g. dockerwasm runtimes kmeans');
        const workloads = options.thesis ? thesisWorkloads(options) : workloadsFrom(algorithm as Algorithm, options);
        settings = parseStandaloneSettings(standaloneSettingsFrom(workloads, options), 'the command line');
        dir = resolveStandaloneDir(options, settings);
      }
      await runStandaloneCommand(settings, dir, options, ui);
    });
}
