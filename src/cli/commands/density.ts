import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import {
  densityDefaults,
  densityLabel,
  densityLimits,
  densityPrograms,
  parseDensitySettings,
  type DensityProgram,
  type DensitySettings,
  type DensitySettingsInput,
} from '../../config/density-settings.js';
import { knobOwners, limits, linregDatasets } from '../../config/settings.js';
import { profileNames } from '../../config/runtime-profiles.js';
import { resumedSettings, runDensity } from '../../density/run-density.js';
import { usageError } from '../../errors.js';
import { findToolchain } from '../../guests/toolchain.js';
import { buildGuest } from '../../guests/build-guest.js';
import { monotonicMs } from '../../io/clock.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { densityNotes, densityTable, writeDensityReport } from '../../report/density-report.js';
import { resultsDirName } from '../../results/sample-log.js';
import { withEngine } from '../engine-session.js';
import { nameList, oneOf, wholeNumber } from '../options.js';
import { renderTable } from '../../report/render-terminal.js';
import { createUi } from '../ui.js';

interface DensityOptions {
  containers?: number;
  concurrency?: number[];
  rounds?: number;
  runtimes?: string[] | 'all';
  seed?: number;
  timeout?: number;
  observations?: number;
  rows?: number;
  dataset?: 'iris' | 'diabetes';
  out?: string;
  outAnywhere?: boolean;
  resume?: string;
  json?: boolean;
}

/** `1,2,4,8` into levels, each within the limits */
function concurrencyList(text: string): number[] {
  const parse = wholeNumber('--concurrency', densityLimits.concurrency.min, densityLimits.concurrency.max);
  const levels = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (levels.length === 0) throw new InvalidArgumentError('--concurrency needs at least one number, e.g. 1,2,4');
  return levels.map(parse);
}

function settingsFrom(program: DensityProgram, options: DensityOptions): DensitySettingsInput {
  const workload: Record<string, unknown> = { algorithm: program };
  for (const [knob, owner] of Object.entries(knobOwners) as [keyof typeof knobOwners, string][]) {
    if (options[knob] === undefined) continue;
    if (program !== owner) throw usageError(`--${knob} applies to ${owner} only, not ${program}`);
    workload[knob] = options[knob];
  }
  return {
    workload: workload as DensitySettingsInput['workload'],
    seed: options.seed ?? randomInt(0, 2 ** 32 - 1),
    ...(options.containers !== undefined ? { containers: options.containers } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
    ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
    ...(options.timeout !== undefined ? { timeoutSeconds: options.timeout } : {}),
  };
}

function checkTotal(settings: DensitySettings): void {
  const profiles = settings.runtimes === 'all' ? profileNames.length : settings.runtimes.length + 1;
  const total = settings.containers * settings.concurrency.length * settings.rounds * profiles;
  if (total > densityLimits.totalContainers) {
    throw usageError(
      `this run would start up to ${total.toLocaleString('en-US')} containers (--containers x concurrency levels x --rounds x profiles); the limit is ${densityLimits.totalContainers.toLocaleString('en-US')}`,
    );
  }
}

export function registerDensity(program: Command): void {
  program
    .command('density')
    .argument('<program>', `what each container runs: ${densityPrograms.join(', ')}`, oneOf('program', densityPrograms))
    .summary('start many containers at a time: throughput, latency and memory per container, Linux vs Wasm')
    .description(
      'For runc and every Wasm runtime profile that passes its probe, starts --containers containers through the ' +
        'Docker API with at most --concurrency alive at a time, and measures throughput (completed containers per ' +
        'second), latency from create to exit (p50, p95, p99, max), memory per live container (its cgroup, and the ' +
        'shim started for it) and the host\'s CPU. Each (profile, concurrency) cell is repeated --rounds times in a ' +
        'shuffled order, so throughput gets an interval. hello is the probes\' tiny program; the workloads run at ' +
        `small sizes by default (kmeans ${densityDefaults.kmeansObservations} observations, tree ${densityDefaults.treeRows} rows). ` +
        'Containers run without networking; every container carries the tool\'s labels and is removed, also on failure and Ctrl-C.',
    )
    .option('--containers <n>', `containers per cell (default ${densityDefaults.containers})`, wholeNumber('--containers', densityLimits.containers.min, densityLimits.containers.max))
    .option('--concurrency <list>', `containers alive at once, a sweep such as 1,2,4,8,16 (at most ${densityLimits.concurrency.max}; default ${densityDefaults.concurrency.join(',')})`, concurrencyList)
    .option('--rounds <n>', `repeats of every cell (default ${densityDefaults.rounds})`, wholeNumber('--rounds', densityLimits.rounds.min, densityLimits.rounds.max))
    .option('--runtimes <list>', `Wasm runtime profiles, a,b or all (runc always runs): ${profileNames.join(', ')}`, nameList('--runtimes', profileNames))
    .option('--seed <n>', 'seed of the shuffled cell order (default: random, recorded)', wholeNumber('--seed', limits.seed.min, limits.seed.max))
    .option('--timeout <seconds>', `per-container timeout: a container still running is killed and counted as failed (default ${densityDefaults.timeoutSeconds})`, wholeNumber('--timeout', densityLimits.timeoutSeconds.min, densityLimits.timeoutSeconds.max))
    .option('--observations <n>', `kmeans: points per centroid (default ${densityDefaults.kmeansObservations})`, wholeNumber('--observations', limits.observations.min, limits.observations.max))
    .option('--rows <n>', `tree: rows of the embedded dataset (default ${densityDefaults.treeRows})`, wholeNumber('--rows', limits.rows.min, limits.rows.max))
    .option('--dataset <name>', 'linreg: iris or diabetes', oneOf('--dataset', linregDatasets))
    .option('--out <dir>', 'results directory (default results/<time>-density-<program>)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .option('--resume <dir>', 'continue an interrupted density run in <dir> (its settings; recorded cells are not measured again)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm density hello --containers 50 --concurrency 1,2,4,8,16\n' +
        '  dockerwasm density linreg --containers 20 --concurrency 1,4 --rounds 5\n' +
        '  dockerwasm density hello --runtimes io.containerd.wasmtime.v1 --json > density.json\n' +
        '  dockerwasm density hello --resume results/20261201T230000Z-density-hello',
    )
    .action(async (programName: DensityProgram, options: DensityOptions) => {
      const ui = createUi();
      let dir: string;
      let settings: DensitySettings;
      if (options.resume !== undefined) {
        dir = resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume');
        settings = resumedSettings(dir);
        if (settings.workload.algorithm !== programName) throw usageError(`--resume ${dir}: that run measured ${densityLabel(settings.workload)}, not ${programName}`);
      } else {
        settings = parseDensitySettings(settingsFrom(programName, options), 'the command line');
        dir = options.out !== undefined ? resolveOutputDir(options.out, options.outAnywhere ?? false) : join(paths.results(), resultsDirName(`density-${densityLabel(settings.workload)}`));
      }
      checkTotal(settings);
      const toolchain = settings.workload.algorithm === 'hello' ? null : await findToolchain();
      try {
        await withEngine((session) =>
          runDensity({
            engine: session.engine,
            registry: session.registry,
            signal: session.signal,
            clock: monotonicMs,
            buildGuest: (w) => buildGuest(w, { toolchain: toolchain!, onProgress: (line) => ui.info(`  ${line}`), signal: session.signal }),
            settings,
            dir,
            resume: options.resume !== undefined,
            commandLine: process.argv.slice(2),
            progress: {
              info: ui.info,
              warn: ui.warn,
              cell(step, done, total) {
                ui.info(`cell ${done + 1}/${total}: ${step.variant}, concurrency ${step.concurrency}, round ${step.round + 1}`);
              },
              recorded(cell) {
                const ok = cell.containers.filter((c) => c.outcome === 'ok').length;
                const failed = cell.containers.length - ok;
                ui.info(`  ${(ok / (cell.wallMs / 1000)).toFixed(2)} containers/s${failed ? `, ${failed} FAILED (${cell.containers.find((c) => c.outcome !== 'ok')?.error ?? ''})` : ''}`);
              },
            },
          }),
        );
      } catch (error) {
        ui.info(`what was measured is kept in ${dir}`);
        await writeDensityReport(dir, { charts: false }).catch(() => undefined);
        throw error;
      }
      const { summary, files } = await writeDensityReport(dir);
      ui.info(`report: ${files.find((file) => file.endsWith('report.md'))}`);
      if (options.json) ui.data(JSON.stringify({ dir, summary }, null, 2));
      else ui.data([renderTable(densityTable(summary)), ...densityNotes(summary).map((n) => `  ${n}`), ...summary.warnings.map((w) => `  warning: ${w}`), '', `results: ${dir}`].join('\n'));
    });
}
