import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { densityDefaults, densityLimits, densityPrograms, helloProgram, type DensitySettings } from '../../density/settings.js';
import { limits } from '../../config/shared-settings.js';
import { densityBase, densityKind } from '../../density/kind.js';
import { usageError } from '../../errors.js';
import { buildGuest } from '../../guests/build-guest.js';
import { findToolchain } from '../../guests/toolchain.js';
import { monotonicMs } from '../../io/clock.js';
import { profileNames } from '../../profiles/profiles.js';
import { reportKindOf } from '../../report/kinds.js';
import { renderTerminal } from '../../report/render-terminal.js';
import { findWorkload } from '../../workloads/catalogue.js';
import { withEngine } from '../engine-session.js';
import { nameList, wholeNumber } from '../options.js';
import { placeRun, runWithReport } from '../run-command.js';
import { createUi } from '../ui.js';
import { addKnobOptions, addProgramOptions, workloadArgument, workloadFrom, workloadGiven, type ProgramOptions } from '../workload-options.js';

interface DensityOptions extends ProgramOptions {
  containers?: number;
  concurrency?: number[];
  rounds?: number;
  runtimes?: string[] | 'all';
  seed?: number;
  timeout?: number;
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

/** The settings given on the command line, under their settings names; options not given are absent. */
function givenSettings(program: string | undefined, args: string[], options: DensityOptions): Record<string, unknown> {
  // resuming, a run's saved workload goes on when none is named
  const named = program !== undefined || options.native !== undefined || !options.resume;
  const given = !named ? {} : program === helloProgram ? { workload: workloadFrom(program, options) } : workloadGiven(program, options, args);
  return {
    ...('workload' in given ? { workload: given.workload } : {}),
    ...('timeoutSeconds' in given && given.timeoutSeconds !== undefined ? { timeoutSeconds: given.timeoutSeconds } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
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

export function register(program: Command): void {
  const command = program
    .command('density')
    .argument('[program]', `what each container runs: ${densityPrograms.join(', ')}, or your program's folder`, (text: string) => workloadArgument(text, densityPrograms))
    .argument('[args...]', "your program's arguments, after --")
    .description(
      'For runc and every Wasm runtime profile that passes its probe, starts --containers containers through the ' +
        'Docker API with at most --concurrency alive at a time, and measures throughput (completed containers per ' +
        'second), latency from create to exit (p50, p95, p99, max), memory per live container (its cgroup, and the ' +
        'shim started for it) and the host\'s CPU. Each (profile, concurrency) cell is repeated --rounds times in a ' +
        'shuffled order, so throughput gets an interval. hello is the probes\' tiny program; the workloads run at ' +
        'the small sizes their definitions give density runs. ' +
        'Containers run without networking; every container carries the tool\'s labels and is removed, also on failure and Ctrl-C.',
    )
    .option('--containers <n>', `containers per cell (default ${densityDefaults.containers})`, wholeNumber('--containers', densityLimits.containers.min, densityLimits.containers.max))
    .option('--concurrency <list>', `containers alive at once, a sweep such as 1,2,4,8,16 (at most ${densityLimits.concurrency.max}; default ${densityDefaults.concurrency.join(',')})`, concurrencyList)
    .option('--rounds <n>', `repeats of every cell (default ${densityDefaults.rounds})`, wholeNumber('--rounds', densityLimits.rounds.min, densityLimits.rounds.max))
    .option('--runtimes <list>', `Wasm runtime profiles, a,b or all (runc always runs): ${profileNames.join(', ')}`, nameList('--runtimes', profileNames))
    .option('--seed <n>', 'seed of the shuffled cell order (default: random, recorded)', wholeNumber('--seed', limits.seed.min, limits.seed.max))
    .option('--timeout <seconds>', `per-container timeout: a container still running is killed and counted as failed (default ${densityDefaults.timeoutSeconds})`, wholeNumber('--timeout', densityLimits.timeoutSeconds.min, densityLimits.timeoutSeconds.max));
  addProgramOptions(addKnobOptions(command, { defaultOf: (owner, knob) => findWorkload(owner)?.sizes.density[knob.name] }))
    .option('--out <dir>', 'results directory (default results/<time>-density-<program>)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .option('--resume <dir>', 'continue an interrupted density run in <dir> (its settings; a differing option is refused, --timeout applied; recorded cells are not measured again)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm density hello --containers 50 --concurrency 1,2,4,8,16\n' +
        '  dockerwasm density linreg --containers 20 --concurrency 1,4 --rounds 5\n' +
        '  dockerwasm density hello --runtimes io.containerd.wasmtime.v1 --json > density.json\n' +
        '  dockerwasm density hello --resume results/20261201T230000Z-density-hello',
    )
    .action(async (programName: string | undefined, args: string[], options: DensityOptions) => {
      const ui = createUi();
      const place = placeRun(densityBase, givenSettings(programName, args, options), options);
      checkTotal(place.settings);
      const toolchain = place.settings.workload.algorithm === helloProgram ? null : await findToolchain();
      const { report, files } = await withEngine((session) =>
        runWithReport(
          densityKind({
            engine: session.engine,
            registry: session.registry,
            signal: session.signal,
            clock: monotonicMs,
            progress: { info: ui.info, warn: ui.warn },
            buildGuest: (w, build) => buildGuest(w, { toolchain: toolchain!, ...build, onProgress: (line) => ui.info(`  ${line}`), signal: session.signal }),
          }),
          place,
          ui,
        ),
      );
      ui.info(`report: ${files.find((file) => file.endsWith('report.md'))}`);
      const [results] = report.results;
      ui.data(options.json ? JSON.stringify({ dir: results!.dir, ...(reportKindOf(report.results).summaryFile(results!) as object) }, null, 2) : `${renderTerminal(report.content)}\n\nresults: ${results!.dir}`);
    });
}
