import type { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { ExperimentSettings } from '../../bench/experiment.js';
import { readEnvironment } from '../../bench/run-experiment.js';
import { builderChoices, type BuilderChoice } from '../../engine/builders.js';
import { defaultBase } from '../../engine/base-image.js';
import { dockerfileForms } from '../../dockerfiles/build-contexts.js';
import type { DockerfileForm } from '../../dockerfiles/templates.js';
import { usageError } from '../../errors.js';
import { findToolchain } from '../../guests/toolchain.js';
import { algorithms, defaults, limits, workloadLabel, type Algorithm, type Workload } from '../../guests/workloads.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { writeRunReport } from '../../report/render-report.js';
import { resultsDirName } from '../../report/results-dir.js';
import { profileNames } from '../../runtimes/profiles.js';
import { withEngine } from '../engine-session.js';
import { progressFor, renderDocument, runForCli } from '../experiment-output.js';
import { nameList, oneOf, wholeNumber } from '../options.js';
import { createUi } from '../ui.js';

export interface ExperimentOptions {
  samples: number;
  warmup: number;
  runtimes: string[] | 'all';
  builder: BuilderChoice;
  seed?: number;
  timeout: number;
  cache: boolean;
  wasmtimePrecompiled?: boolean;
  base: string;
  memory: boolean;
  keepImages?: boolean;
  form: DockerfileForm;
  out?: string;
  outAnywhere?: boolean;
  json?: boolean;
}

interface CompareOptions extends ExperimentOptions {
  rows?: number;
  observations?: number;
  dataset?: 'iris' | 'diabetes';
  resume?: string;
}

/** The options compare and reproduce share. */
export function addExperimentOptions(command: Command): Command {
  return command
    .option('--samples <n>', 'measured samples per variant (builds and runs)', wholeNumber('--samples', 1, 10_000), 25)
    .option('--warmup <n>', 'warm-up builds and runs before the samples, reported apart', wholeNumber('--warmup', 0, 1_000), 1)
    .option('--runtimes <list>', `Wasm runtime profiles to measure, a,b or all (runc, the baseline, always runs): ${profileNames.join(', ')}`, nameList('--runtimes', profileNames), 'all')
    .option('--builder <name>', `${builderChoices.join(' | ')}: BuildKit with a loopback context (default on a local engine), the classic builder, or the docker CLI`, oneOf('--builder', builderChoices), 'auto')
    .option('--seed <n>', 'seed of the shuffled run order (default: random, recorded)', wholeNumber('--seed', 0, 2 ** 32 - 1))
    .option('--timeout <seconds>', 'per-sample timeout: a container still running is killed and recorded as timeout', wholeNumber('--timeout', 1, 86_400), 1_800)
    .option('--no-cache', 'measure builds without the build cache, as `docker build --no-cache` (the first, cold build never uses it)')
    .option('--wasmtime-precompiled', 'also run the wasmtime shim on a precompiled module (.cwasm), as its own variant')
    .option('--base <image>', 'Linux base image; the busybox stand-in is used when it is neither present nor pullable', defaultBase)
    .option('--no-memory', "do not read peak memory from the engine's stats while containers run")
    .option('--keep-images', 'leave the built images in the engine (labelled; `dockerwasm clean --images` removes them)')
    .option('--form <form>', "prebuilt (images of the artifacts dockerwasm built) or multistage (the thesis's form: compiled in a rust:alpine stage; needs a registry)", oneOf('--form', dockerfileForms), 'prebuilt')
    .option('--out <dir>', 'results directory (default: results/<timestamp>-<workload>/)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .option('--json', 'print summary.json on stdout instead of the tables');
}

export function settingsFrom(workload: Workload, options: ExperimentOptions, seed: number): ExperimentSettings {
  return {
    workload,
    samples: options.samples,
    warmup: options.warmup,
    seed,
    runtimes: options.runtimes,
    wasmtimePrecompiled: options.wasmtimePrecompiled ?? false,
    builder: options.builder,
    noCacheBuilds: options.cache === false,
    timeoutSeconds: options.timeout,
    base: options.base,
    watchMemory: options.memory,
    form: options.form,
  };
}

function workloadFrom(algorithm: Algorithm, options: CompareOptions): Workload {
  const misplaced: [keyof CompareOptions, Algorithm][] = [['rows', 'tree'], ['observations', 'kmeans'], ['dataset', 'linreg']];
  for (const [option, owner] of misplaced) {
    if (options[option] !== undefined && algorithm !== owner) throw usageError(`--${option} applies to ${owner} only, not ${algorithm}`);
  }
  if (algorithm === 'tree') return { algorithm, rows: options.rows ?? defaults.treeRows };
  if (algorithm === 'kmeans') return { algorithm, observations: options.observations ?? defaults.kmeansObservations };
  return { algorithm, dataset: options.dataset ?? defaults.linregDataset };
}

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .argument('<algorithm>', `the workload: ${algorithms.join(', ')}`, oneOf('algorithm', algorithms))
    .summary('measure one workload: Linux container vs Wasm under every runtime')
    .description(
      'Builds the workload natively and to wasm32-wasip1, packs each into an image (Linux base vs FROM scratch), ' +
        'builds both through the Docker API, runs the Linux image under runc and the Wasm image under every Wasm ' +
        'runtime profile that passes its probe, and reports build time, image size and run time (create to exit) ' +
        'over --samples samples, with the run time split into engine overhead and the guest\'s own compute. ' +
        'Raw samples go to samples.jsonl as they are measured.',
    )
    .option('--rows <n>', `tree: rows of the embedded CVD dataset (default ${defaults.treeRows}; the thesis used 100000 and 308854)`, wholeNumber('--rows', limits.rows.min, limits.rows.max))
    .option('--observations <n>', `kmeans: points per centroid, the thesis's variable (default ${defaults.kmeansObservations})`, wholeNumber('--observations', limits.observations.min, limits.observations.max))
    .option('--dataset <name>', 'linreg: iris (the thesis\'s code) or diabetes (its text)', oneOf('--dataset', ['iris', 'diabetes'] as const))
    .option('--resume <dir>', 'continue an interrupted run in <dir> (same settings and seed; nothing measured twice)');
  addExperimentOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm compare tree --rows 100000 --samples 5\n' +
        '  dockerwasm compare kmeans --observations 100000 --runtimes io.containerd.wasmtime.v1,crun-wasmedge\n' +
        '  dockerwasm compare linreg --json > linreg.json\n' +
        '  dockerwasm compare tree --resume results/20261128T060000Z-tree-rows100000',
    )
    .action(async (algorithm: Algorithm, options: CompareOptions, cmd: Command) => {
      const ui = createUi();
      let dir: string;
      let seed: number;
      let workload = workloadFrom(algorithm, options);
      if (options.resume !== undefined) {
        dir = resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume');
        const saved = readEnvironment(dir).settings;
        seed = options.seed ?? saved.seed;
        const knobGiven = ['rows', 'observations', 'dataset'].some((knob) => cmd.getOptionValueSource(knob) === 'cli');
        if (!knobGiven && saved.workload.algorithm === algorithm) workload = saved.workload;
        // options left at their defaults take the saved values; ones given on the command line are checked
        for (const key of ['samples', 'warmup', 'runtimes', 'builder', 'timeout', 'base', 'memory', 'form'] as const) {
          if (cmd.getOptionValueSource(key) !== 'cli') {
            const savedKey = ({ timeout: 'timeoutSeconds', memory: 'watchMemory' } as Record<string, string>)[key] ?? key;
            (options as unknown as Record<string, unknown>)[key] = (saved as unknown as Record<string, unknown>)[savedKey];
          }
        }
        if (cmd.getOptionValueSource('cache') !== 'cli') options.cache = !saved.noCacheBuilds;
        if (cmd.getOptionValueSource('wasmtimePrecompiled') !== 'cli') options.wasmtimePrecompiled = saved.wasmtimePrecompiled;
      } else {
        seed = options.seed ?? randomInt(0, 2 ** 32 - 1);
        dir = options.out !== undefined
          ? resolveOutputDir(options.out, options.outAnywhere ?? false)
          : join(paths.results(), resultsDirName(workloadLabel(workload)));
      }
      const settings = settingsFrom(workload, options, seed);
      const toolchain = await findToolchain();
      const progress = progressFor(ui);
      const { document } = await withEngine(async (session) => {
        try {
          return await runForCli({ session, ui, progress, toolchain, settings, dir, resume: options.resume !== undefined, keepImages: options.keepImages ?? false });
        } catch (error) {
          ui.info(`what was measured is kept in ${dir}`);
          throw error;
        }
      });
      const report = await writeRunReport([dir], dir);
      ui.info(`report: ${report.find((file) => file.endsWith('.html'))}`);
      ui.data(options.json ? JSON.stringify(document, null, 2) : renderDocument(document, dir));
    });
}
