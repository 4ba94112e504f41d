import type { Command } from 'commander';
import { compareBase, compareKind } from '../../compare/kind.js';
import { buildGuest } from '../../guests/build-guest.js';
import { findToolchain, type Toolchain } from '../../guests/toolchain.js';
import { monotonicMs } from '../../io/clock.js';
import { reportKindOf } from '../../report/kinds.js';
import { renderTerminal } from '../../report/render-terminal.js';
import { workloadNames } from '../../workloads/catalogue.js';
import { withEngine, type EngineSession } from '../engine-session.js';
import { addExperimentOptions, givenSettings, type ExperimentOptions } from '../experiment-options.js';
import { placeRun, runWithReport } from '../run-command.js';
import type { Ui } from '../ui.js';
import { createUi } from '../ui.js';
import { addKnobOptions, addProgramOptions, workloadArgument, workloadGiven, type ProgramOptions } from '../workload-options.js';

interface CompareOptions extends ExperimentOptions, ProgramOptions {
  resume?: string;
}

/** The compare kind as the CLI runs it: the session's engine, the real clock, cargo. */
export function cliCompareKind(session: EngineSession, ui: Ui, toolchain: Toolchain, keepImages: boolean) {
  return compareKind({
    keepImages,
    engine: session.engine,
    registry: session.registry,
    clock: monotonicMs,
    signal: session.signal,
    progress: { info: ui.info, warn: ui.warn },
    buildGuest: (w, build) => buildGuest(w, { toolchain, ...build, onProgress: (line) => ui.info(`  ${line}`), signal: session.signal }),
  });
}

export function register(program: Command): void {
  const command = program
    .command('compare')
    .argument('[workload]', `the workload: ${workloadNames.join(', ')}, or your program's folder (Rust, Go or C; see dockerwasm.yaml in the README)`, workloadArgument)
    .argument('[args...]', "your program's arguments, after --")
    .description(
      'Builds the workload (a built-in one, or your program from its folder) natively and to wasm32-wasip1, packs each into an image (Linux base vs FROM scratch), ' +
        'builds both through the Docker API, runs the Linux image under runc and the Wasm image under every Wasm ' +
        'runtime profile that passes its probe, and reports build time, image size and run time (create to exit) ' +
        'over --samples samples, with the run time split into engine overhead and the guest\'s own compute. ' +
        'Raw samples go to samples.jsonl as they are measured.',
    );
  addProgramOptions(addKnobOptions(command)).option('--resume <dir>', 'continue an interrupted run in <dir> (its settings and seed; a differing option is refused, --timeout applied; nothing measured twice)');
  addExperimentOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm compare tree --rows 100000 --samples 5\n' +
        '  dockerwasm compare kmeans --observations 100000 --runtimes io.containerd.wasmtime.v1,crun-wasmedge\n' +
        '  dockerwasm compare linreg --json > linreg.json\n' +
        '  dockerwasm compare examples/c-wordfreq -- input.txt 20\n' +
        '  dockerwasm compare --native ./mytool --wasm ./mytool.wasm -- --input data.csv\n' +
        '  dockerwasm compare tree --resume results/20261128T060000Z-tree-rows100000',
    )
    .action(async (workload: string | undefined, args: string[], options: CompareOptions, command: Command) => {
      const ui = createUi();
      // resuming, a run's saved workload goes on when none is named
      const given = workload === undefined && options.native === undefined && options.resume !== undefined ? undefined : workloadGiven(workload, options, args);
      const settings = givenSettings(options, command);
      const place = placeRun(compareBase, { ...(given?.timeoutSeconds !== undefined ? { timeoutSeconds: given.timeoutSeconds } : {}), ...settings, ...(given ? { workload: given.workload } : {}) }, options);
      const toolchain = await findToolchain();
      const { report, files } = await withEngine((session) => runWithReport(cliCompareKind(session, ui, toolchain, options.keepImages ?? false), place, ui));
      ui.info(`report: ${files.find((file) => file.endsWith('.html'))}`);
      const [results] = report.results;
      ui.data(options.json ? JSON.stringify({ dir: results!.dir, ...(reportKindOf(report.results).summaryFile(results!) as object) }, null, 2) : `${renderTerminal(report.content)}\n\nresults: ${results!.dir}`);
    });
}
