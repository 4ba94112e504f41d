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
import { oneOf } from '../options.js';
import { placeRun, runWithReport } from '../run-command.js';
import type { Ui } from '../ui.js';
import { createUi } from '../ui.js';
import { addKnobOptions, workloadFrom } from '../workload-options.js';

interface CompareOptions extends ExperimentOptions {
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
    buildGuest: (w) => buildGuest(w, { toolchain, onProgress: (line) => ui.info(`  ${line}`), signal: session.signal }),
  });
}

export function register(program: Command): void {
  const command = program
    .command('compare')
    .argument('<workload>', `the workload: ${workloadNames.join(', ')}`, oneOf('workload', workloadNames))
    .description(
      'Builds the workload natively and to wasm32-wasip1, packs each into an image (Linux base vs FROM scratch), ' +
        'builds both through the Docker API, runs the Linux image under runc and the Wasm image under every Wasm ' +
        'runtime profile that passes its probe, and reports build time, image size and run time (create to exit) ' +
        'over --samples samples, with the run time split into engine overhead and the guest\'s own compute. ' +
        'Raw samples go to samples.jsonl as they are measured.',
    );
  addKnobOptions(command).option('--resume <dir>', 'continue an interrupted run in <dir> (its settings and seed; a differing option is refused, --timeout applied; nothing measured twice)');
  addExperimentOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  dockerwasm compare tree --rows 100000 --samples 5\n' +
        '  dockerwasm compare kmeans --observations 100000 --runtimes io.containerd.wasmtime.v1,crun-wasmedge\n' +
        '  dockerwasm compare linreg --json > linreg.json\n' +
        '  dockerwasm compare tree --resume results/20261128T060000Z-tree-rows100000',
    )
    .action(async (workload: string, options: CompareOptions, command: Command) => {
      const ui = createUi();
      const place = placeRun(compareBase, { ...givenSettings(options, command), workload: workloadFrom(workload, options) }, options);
      const toolchain = await findToolchain();
      const { report, files } = await withEngine((session) => runWithReport(cliCompareKind(session, ui, toolchain, options.keepImages ?? false), place, ui));
      ui.info(`report: ${files.find((file) => file.endsWith('.html'))}`);
      const [results] = report.results;
      ui.data(options.json ? JSON.stringify({ dir: results!.dir, ...(reportKindOf(report.results).summaryFile(results!) as object) }, null, 2) : `${renderTerminal(report.content)}\n\nresults: ${results!.dir}`);
    });
}
