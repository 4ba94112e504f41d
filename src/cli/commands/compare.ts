import type { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import {
  algorithms,
  defaults,
  knobOwners,
  limits,
  linregDatasets,
  overrideSettings,
  parseSettings,
  workloadLabel,
  type Algorithm,
  type ExperimentSettings,
  type WorkloadInput,
} from '../../config/settings.js';
import { usageError } from '../../errors.js';
import { findToolchain } from '../../guests/toolchain.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { resultSection } from '../../report/content.js';
import { renderSection } from '../../report/render-terminal.js';
import { readEnvironment } from '../../results/environment-file.js';
import { resultsDirName } from '../../results/sample-log.js';
import { withEngine } from '../engine-session.js';
import { addExperimentOptions, givenSettings, type ExperimentOptions } from '../experiment-options.js';
import { cliExperimentDeps, runExperimentWithReport } from '../experiment-run.js';
import { oneOf, wholeNumber } from '../options.js';
import { createUi } from '../ui.js';

interface CompareOptions extends ExperimentOptions {
  rows?: number;
  observations?: number;
  dataset?: 'iris' | 'diabetes';
  resume?: string;
}

/** The workload named on the command line, with only the knobs given there. */
function workloadFrom(algorithm: Algorithm, options: CompareOptions): WorkloadInput {
  const workload: WorkloadInput = { algorithm };
  for (const [knob, owner] of Object.entries(knobOwners) as [keyof typeof knobOwners, Algorithm][]) {
    if (options[knob] === undefined) continue;
    if (algorithm !== owner) throw usageError(`--${knob} applies to ${owner} only, not ${algorithm}`);
    Object.assign(workload, { [knob]: options[knob] });
  }
  return workload;
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
    .option('--dataset <name>', 'linreg: iris (the thesis\'s code) or diabetes (its text)', oneOf('--dataset', linregDatasets))
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
    .action(async (algorithm: Algorithm, options: CompareOptions, command: Command) => {
      const ui = createUi();
      const given = { ...givenSettings(options, command), workload: workloadFrom(algorithm, options) };
      let dir: string;
      let settings: ExperimentSettings;
      if (options.resume !== undefined) {
        dir = resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume');
        settings = parseSettings(overrideSettings(readEnvironment(dir).settings, given), 'the command line');
      } else {
        settings = parseSettings({ seed: randomInt(0, 2 ** 32 - 1), ...given }, 'the command line');
        dir = options.out !== undefined
          ? resolveOutputDir(options.out, options.outAnywhere ?? false)
          : join(paths.results(), resultsDirName(workloadLabel(settings.workload)));
      }
      const toolchain = await findToolchain();
      const { results, files } = await withEngine(async (session) => {
        try {
          const deps = cliExperimentDeps(session, ui, toolchain, options.keepImages ?? false);
          return await runExperimentWithReport({ ...deps, settings, dir, resume: options.resume !== undefined, commandLine: process.argv.slice(2) });
        } catch (error) {
          ui.info(`what was measured is kept in ${dir}`);
          throw error;
        }
      });
      ui.info(`report: ${files.find((file) => file.endsWith('.html'))}`);
      ui.data(options.json ? JSON.stringify(results.document, null, 2) : renderSection(resultSection(results)));
    });
}
