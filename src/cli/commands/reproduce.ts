import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { stringify } from 'yaml';
import { compareBase } from '../../compare/kind.js';
import { loadSpecFile, settingsOf, validateSpec, type ExperimentSpec } from '../../config/experiment-spec.js';
import { limits } from '../../config/shared-settings.js';
import { reproduceSpec } from '../../config/reproduce-spec.js';
import { DockerwasmError } from '../../errors.js';
import { findToolchain } from '../../guests/toolchain.js';
import { writeFileAtomic } from '../../io/atomic-file.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { renderTable, renderTerminal } from '../../report/render-terminal.js';
import { specFile, workloadDir, writeReproduceFiles, type MeasuredWorkload } from '../../report/reproduce-folder.js';
import { environmentFile } from '../../results/environment.js';
import { resultsDirName } from '../../results/sample-log.js';
import { newRun, resumedRun } from '../../run/run-experiment.js';
import { changeLines, resumeSettings } from '../../run/resume.js';
import { workloadLabel } from '../../workloads/workload.js';
import { withEngine } from '../engine-session.js';
import { addExperimentOptions, givenSettings, type ExperimentOptions } from '../experiment-options.js';
import { runWithReport } from '../run-command.js';
import { createUi } from '../ui.js';
import { cliCompareKind } from './compare.js';

interface ReproduceOptions extends ExperimentOptions {
  config?: string;
  resume?: string;
  printSpec?: boolean;
}

const seeded = (spec: ExperimentSpec): ExperimentSpec & { seed: number } => {
  if (spec.seed === undefined) throw new DockerwasmError('INTERNAL', 'a reproduce spec reached its runs without a seed');
  return spec as ExperimentSpec & { seed: number };
};

export function register(program: Command): void {
  const command = program
    .command('reproduce')
    .description(
      "Runs the thesis's Docker experiment (section 5.4): kmeans (1,000,000 observations), linreg (iris), tree (100,000 " +
        'rows) and tree (308,854 rows), each as `compare` does, then prints Tables 16 (build time), 17 (image size) and 18 ' +
        "(container run time) with the thesis's figures beside ours and the Wasm/Docker ratios of both. --config runs " +
        'any matrix written as YAML instead (see --print-spec for the built-in one). The standalone half of the thesis ' +
        '(sections 5.1-5.3, Tables 7-15) is `dockerwasm runtimes --thesis`.',
    )
    .option('--config <spec.yaml>', 'run this experiment matrix instead of the built-in one')
    .option('--print-spec', 'print the built-in spec as YAML and exit')
    .option('--resume <dir>', 'continue an interrupted reproduce in <dir> (its spec; a differing option is refused, --timeout applied)');
  addExperimentOptions(command)
    .addHelpText('after', '\nExamples:\n  dockerwasm reproduce --samples 3\n  dockerwasm reproduce --print-spec > my.yaml && dockerwasm reproduce --config my.yaml')
    .action(async (options: ReproduceOptions, command: Command) => {
      const ui = createUi();
      if (options.printSpec) {
        ui.data(`# dockerwasm reproduce: the thesis's Docker experiment\n${stringify(reproduceSpec)}`);
        return;
      }
      const given = givenSettings(options, command);
      let spec = options.config !== undefined ? await loadSpecFile(options.config) : reproduceSpec;
      let parent: string;
      if (options.resume !== undefined) {
        parent = resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume');
        if (!existsSync(join(parent, specFile))) throw new DockerwasmError('INPUT', `${parent} has no ${specFile}: not a reproduce directory`);
        // the one resume rule, on the spec's shared settings: what would change a measurement is refused
        const saved = await loadSpecFile(join(parent, specFile));
        const { settings, changes } = resumeSettings(parent, saved as unknown as Record<string, unknown>, given, validateSpec, compareBase.resumable);
        for (const line of changeLines(changes, compareBase.resumable)) ui.info(line);
        spec = settings;
        if (changes.length > 0) await writeFileAtomic(join(parent, specFile), stringify(spec));
      } else {
        // options given on the command line override the spec's values
        // a spec without a seed gets a fresh one for this run, recorded in its spec.yaml
        spec = validateSpec({ seed: randomInt(limits.seed.min, limits.seed.max), ...spec, ...given }, 'the spec with the command-line options');
        parent = options.out !== undefined ? resolveOutputDir(options.out, options.outAnywhere ?? false) : join(paths.results(), resultsDirName(spec.name));
        await writeFileAtomic(join(parent, specFile), stringify(spec));
      }
      const toolchain = await findToolchain();
      const measured: MeasuredWorkload[] = [];
      await withEngine(async (session) => {
        const kind = cliCompareKind(session, ui, toolchain, options.keepImages ?? false);
        for (const [index, workload] of spec.workloads.entries()) {
          const settings = settingsOf(seeded(spec), workload);
          const dir = workloadDir(parent, index, workload);
          ui.info(`\n== ${index + 1}/${spec.workloads.length}: ${workloadLabel(settings.workload)}${workload.thesis ? ` (thesis: ${workload.thesis})` : ''}`);
          const place = existsSync(join(dir, environmentFile)) ? resumedRun(compareBase, dir, settings) : newRun(dir, settings);
          const { report } = await runWithReport(kind, place, ui, { resumeHint: `continue with: dockerwasm reproduce --resume ${parent}` });
          measured.push({ thesis: workload.thesis, results: report.results[0] as MeasuredWorkload['results'] });
        }
      });
      const { report, tables, files } = await writeReproduceFiles(parent, spec, measured, ['html', 'md']);
      ui.info(`report: ${files.find((file) => file.endsWith('.html'))}`);
      if (options.json) {
        ui.data(JSON.stringify({ spec, tables }, null, 2));
        return;
      }
      ui.data([renderTerminal(report.content), '', ...tables.flatMap((t) => [t.title, renderTable(t), '']), `results: ${parent}`].join('\n'));
    });
}
