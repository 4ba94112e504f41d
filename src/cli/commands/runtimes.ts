import type { Command } from 'commander';
import { join } from 'node:path';
import { limits } from '../../config/shared-settings.js';
import { standaloneDefaults, thesisSampleCounts } from '../../standalone/settings.js';
import { usageError } from '../../errors.js';
import { buildGuest } from '../../guests/build-guest.js';
import { findBinaryen, findToolchain } from '../../guests/toolchain.js';
import { reportKindOf } from '../../report/kinds.js';
import { renderTerminal } from '../../report/render-terminal.js';
import { findRuntimes, runtimesPrefix } from '../../standalone/find-runtimes.js';
import { standaloneBase, standaloneKind } from '../../standalone/kind.js';
import { standaloneRuntimeNames, standaloneRuntimes } from '../../standalone/runtimes.js';
import { thesisStandaloneWorkloads } from '../../thesis/standalone-figures.js';
import { findWorkload, workloadNames } from '../../workloads/catalogue.js';
import { interruptSignal } from '../interrupts.js';
import { nameList, wholeNumber } from '../options.js';
import { availabilityTable } from '../runtime-availability.js';
import { placeRun, runWithReport } from '../run-command.js';
import { createUi } from '../ui.js';
import { addKnobOptions, addProgramOptions, givenKnobs, knobsOf, workloadArgument, workloadGiven, type ProgramOptions } from '../workload-options.js';

interface StandaloneOptions extends ProgramOptions {
  thesis?: boolean;
  list?: boolean;
  runtimes?: string[] | 'all';
  samples?: number | 'thesis';
  warmup?: number;
  seed?: number;
  timeout?: number;
  interpretersAll?: boolean;
  out?: string;
  outAnywhere?: boolean;
  resume?: string;
  json?: boolean;
}

function samplesOption(text: string): number | 'thesis' {
  if (text.trim() === 'thesis') return 'thesis';
  return wholeNumber('--samples', limits.samples.min, limits.samples.max)(text);
}

/** Every combination of the lists given: { observations: [1, 2] } -> [{ observations: 1 }, { observations: 2 }]. */
function combinations(lists: Record<string, unknown>): Record<string, unknown>[] {
  return Object.entries(lists).reduce<Record<string, unknown>[]>((done, [knob, values]) => done.flatMap((partial) => (values as unknown[]).map((value) => ({ ...partial, [knob]: value }))), [{}]);
}

/** The workloads of one workload definition the options ask for: one per value given, else its definition's `runtimes` sizes. */
export function workloadsFrom(name: string, options: StandaloneOptions): Record<string, unknown>[] {
  const given = knobsOf(name, options);
  if (Object.keys(given).length > 0) return combinations(given).map((values) => ({ algorithm: name, ...values }));
  return (findWorkload(name)!.sizes.runtimes ?? [{}]).map((values) => ({ algorithm: name, ...values }));
}

/** The thesis's sections 5.1-5.3; a knob list given replaces the sizes of the workload that owns it. */
export function thesisWorkloads(options: StandaloneOptions): Record<string, unknown>[] {
  const given = givenKnobs(options);
  const owners = new Set(Object.keys(given).map((knob) => workloadNames.find((name) => findWorkload(name)!.knobs.some((k) => k.name === knob))!));
  return [...new Set(thesisStandaloneWorkloads.map((w) => w.algorithm))].flatMap((name) => {
    if (!owners.has(name)) return thesisStandaloneWorkloads.filter((w) => w.algorithm === name).map((w) => ({ ...w }));
    const own = Object.fromEntries(Object.entries(given).filter(([knob]) => findWorkload(name)!.knobs.some((k) => k.name === knob)));
    return combinations(own).map((values) => ({ algorithm: name, ...values }));
  });
}

function givenSettings(workloads: Record<string, unknown>[] | undefined, options: StandaloneOptions): Record<string, unknown> {
  return {
    ...(workloads !== undefined ? { workloads } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.warmup !== undefined ? { warmup: options.warmup } : {}),
    ...(options.timeout !== undefined ? { timeoutSeconds: options.timeout } : {}),
    ...(options.interpretersAll ? { interpretersAll: true } : {}),
  };
}

export function register(program: Command): void {
  const command = program
    .command('runtimes')
    .argument('[workload]', `the workload: ${workloadNames.join(', ')}, or your program's folder`, workloadArgument)
    .argument('[args...]', "your program's arguments, after --")
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
    .option('--thesis', "all of the thesis's Tables 7-15 in one run: kmeans at 1,000 to 1,000,000 observations, linreg (diabetes), the tree on the full dataset (with --samples thesis: its 100 / 10 samples)");
  addProgramOptions(command);
  addKnobOptions(command, { list: true, defaultOf: (owner, knob) => findWorkload(owner)?.sizes.runtimes?.map((values) => values[knob.name]).join(',') || undefined })
    .option('--runtimes <list>', `runtimes, a,b or all (native always runs): ${standaloneRuntimeNames.join(', ')}`, nameList('--runtimes', standaloneRuntimeNames))
    .option('--samples <n|thesis>', `samples per cell (default ${standaloneDefaults.samples}); thesis: ${thesisSampleCounts.usual}, and ${thesisSampleCounts.large} for kmeans 1,000,000 and the tree`, samplesOption)
    .option('--warmup <n>', `warm-up runs per cell, not counted (default ${standaloneDefaults.warmup})`, wholeNumber('--warmup', limits.warmup.min, limits.warmup.max))
    .option('--seed <n>', 'seed of the shuffled order (default: random, recorded)', wholeNumber('--seed', limits.seed.min, limits.seed.max))
    .option('--timeout <seconds>', `per-sample timeout: a process still running is killed, recorded as a timeout, and the run goes on (default ${standaloneDefaults.timeoutSeconds})`, wholeNumber('--timeout', limits.timeoutSeconds.min, limits.timeoutSeconds.max))
    .option('--interpreters-all', `interpreters also run the largest sizes (${standaloneRuntimes.filter((r) => r.ceiling).map((r) => `${r.name}: ${Object.entries(r.ceiling!).map(([w, n]) => `${w} above ${n.toLocaleString('en-US')}`).join(', ')}`).join('; ')})`)
    .option('--out <dir>', 'results directory (default results/<time>-runtimes-<workload>)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .option('--resume <dir>', 'continue an interrupted run in <dir> (its settings; a differing option is refused, --timeout applied; recorded runs are not measured again)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm runtimes --list\n' +
        '  dockerwasm runtimes kmeans --observations 1000,10000,100000 --samples 10\n' +
        '  dockerwasm runtimes tree --rows 5000 --runtimes wasmtime,wasmedge-aot,wasm3\n' +
        '  dockerwasm runtimes linreg --samples thesis --json > linreg.json\n' +
        '  dockerwasm runtimes kmeans --resume results/20261202T070000Z-runtimes-kmeans\n' +
        '  dockerwasm runtimes --thesis --samples thesis   (all of the thesis\'s Tables 7-15 in one run)\n' +
        '  dockerwasm runtimes examples/go-deflate -- input.txt',
    )
    .action(async (workload: string | undefined, args: string[], options: StandaloneOptions) => {
      const ui = createUi();
      if (options.list) {
        if (workload !== undefined) throw usageError('--list takes no workload');
        ui.info(`looking for runtimes in ${join(runtimesPrefix(), 'bin')} and on PATH, and running a tiny WASI module on each`);
        const found = await findRuntimes(standaloneRuntimes, { signal: interruptSignal });
        ui.data(options.json ? JSON.stringify({ prefix: runtimesPrefix(), runtimes: found }, null, 2) : availabilityTable(found));
        return;
      }
      if (options.thesis && workload !== undefined) throw usageError('--thesis runs every workload: name none');
      const prebuilt = options.native !== undefined || options.wasm !== undefined;
      if (options.resume === undefined && !options.thesis && workload === undefined && !prebuilt) throw usageError(`name a workload (${workloadNames.join(', ')}), or your program's folder, or --thesis, or --list`, 'e.g. dockerwasm runtimes kmeans');
      const builtIn = workload !== undefined && workloadNames.includes(workload);
      // a program: one workload, its arguments; resuming, a built-in workload named with no sizes keeps the saved ones (its name must still be theirs)
      const program = prebuilt || (workload !== undefined && !builtIn) ? workloadGiven(workload, options, args) : undefined;
      if (builtIn && args.length > 0) throw usageError(`${workload} is a built-in workload: it takes its knobs as options, not arguments (got ${args.join(' ')})`);
      const sizesGiven = Object.keys(givenKnobs(options)).length > 0;
      const workloads = options.thesis ? thesisWorkloads(options) : program ? [program.workload] : builtIn && (options.resume === undefined || sizesGiven) ? workloadsFrom(workload!, options) : undefined;
      const place = placeRun(standaloneBase, { ...(program?.timeoutSeconds !== undefined ? { timeoutSeconds: program.timeoutSeconds } : {}), ...givenSettings(workloads, options) }, options);
      if (builtIn && !place.settings.workloads.every((w) => w.algorithm === workload)) {
        throw usageError(`--resume ${place.dir}: that run measured ${[...new Set(place.settings.workloads.map((w) => w.algorithm))].join(', ')}, not ${workload}`);
      }
      const toolchain = await findToolchain();
      const wasmOpt = await findBinaryen();
      const started = performance.now();
      const { report, files } = await runWithReport(
        standaloneKind({
          buildGuest: (w) => buildGuest(w, { toolchain, onProgress: (line) => ui.info(`  ${line}`), signal: interruptSignal }),
          wasmOpt,
          signal: interruptSignal,
          progress: { info: ui.info, warn: ui.warn },
        }),
        place,
        ui,
      );
      ui.info(`measured in ${((performance.now() - started) / 1000).toFixed(0)} s; report: ${files.find((file) => file.endsWith('report.md'))}`);
      const [results] = report.results;
      ui.data(options.json ? JSON.stringify({ dir: results!.dir, ...(reportKindOf(report.results).summaryFile(results!) as object) }, null, 2) : `${renderTerminal(report.content)}\n\nresults: ${results!.dir}`);
    });
}
