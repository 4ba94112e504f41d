import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadSpecFile, settingsOf, validateSpec } from '../../config/experiment-spec.js';
import { reproduceSpec } from '../../config/reproduce-spec.js';
import { workloadLabel } from '../../config/settings.js';
import { DockerwasmError } from '../../errors.js';
import { findToolchain } from '../../guests/toolchain.js';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic-file.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { buildReportContent } from '../../report/content.js';
import type { LoadedResults } from '../../report/load-results.js';
import { renderThesisMarkdown } from '../../report/render-markdown.js';
import { reproduceTables, type ReproducedWorkload } from '../../report/reproduce-tables.js';
import { renderSection, renderTable } from '../../report/render-terminal.js';
import { writeReport } from '../../report/write-report.js';
import { environmentFile } from '../../results/environment-file.js';
import { resultsDirName } from '../../results/sample-log.js';
import { thesisSetting } from '../../thesis/figures.js';
import { withEngine } from '../engine-session.js';
import { addExperimentOptions, givenSettings, type ExperimentOptions } from '../experiment-options.js';
import { cliExperimentDeps, runExperimentWithReport } from '../experiment-run.js';
import { createUi } from '../ui.js';

interface ReproduceOptions extends ExperimentOptions {
  config?: string;
  resume?: string;
  printSpec?: boolean;
}

export function registerReproduce(program: Command): void {
  const command = program
    .command('reproduce')
    .summary("re-run the thesis's Docker experiment and set our figures beside its Tables 16-18")
    .description(
      "Runs the thesis's Docker experiment (section 5.4): kmeans (1,000,000 observations), linreg (iris), tree (100,000 " +
        'rows) and tree (308,854 rows), each as `compare` does, then prints Tables 16 (build time), 17 (image size) and 18 ' +
        "(container run time) with the thesis's figures beside ours and the Wasm/Docker ratios of both. --config runs " +
        'any matrix written as YAML instead (see --print-spec for the built-in one). The standalone half of the thesis ' +
        '(sections 5.1-5.3, Tables 7-15) is `dockerwasm runtimes --thesis`.',
    )
    .option('--config <spec.yaml>', 'run this experiment matrix instead of the built-in one')
    .option('--print-spec', 'print the built-in spec as YAML and exit')
    .option('--resume <dir>', 'continue an interrupted reproduce in <dir>');
  addExperimentOptions(command)
    .addHelpText('after', '\nExamples:\n  dockerwasm reproduce --samples 3\n  dockerwasm reproduce --print-spec > my.yaml && dockerwasm reproduce --config my.yaml')
    .action(async (options: ReproduceOptions, command: Command) => {
      const ui = createUi();
      if (options.printSpec) {
        ui.data(`# dockerwasm reproduce: the thesis's Docker experiment\n${stringify(reproduceSpec)}`);
        return;
      }
      let spec = options.config !== undefined ? await loadSpecFile(options.config) : reproduceSpec;
      let parent: string;
      if (options.resume !== undefined) {
        parent = resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume');
        const saved = join(parent, 'spec.yaml');
        if (!existsSync(saved)) throw new DockerwasmError('INPUT', `${parent} has no spec.yaml: not a reproduce directory`);
        spec = await loadSpecFile(saved);
      } else {
        // options given on the command line override the spec's values
        spec = validateSpec({ ...spec, ...givenSettings(options, command) }, 'the spec with the command-line options');
        parent = options.out !== undefined
          ? resolveOutputDir(options.out, options.outAnywhere ?? false)
          : join(paths.results(), resultsDirName(spec.name));
        await writeFileAtomic(join(parent, 'spec.yaml'), stringify(spec));
      }
      const toolchain = await findToolchain();
      const measured: LoadedResults[] = [];
      /** the spec's own `thesis:` column of each workload it tags */
      const reproduced: ReproducedWorkload[] = [];
      await withEngine(async (session) => {
        for (const [index, workload] of spec.workloads.entries()) {
          const settings = settingsOf(spec, workload);
          const label = workloadLabel(settings.workload);
          const dir = join(parent, `${index + 1}-${label}`);
          ui.info(`\n== ${index + 1}/${spec.workloads.length}: ${label}${workload.thesis ? ` (thesis: ${workload.thesis})` : ''}`);
          try {
            const resume = existsSync(join(dir, environmentFile));
            const deps = cliExperimentDeps(session, ui, toolchain, options.keepImages ?? false);
            const { results } = await runExperimentWithReport({ ...deps, settings, dir, resume, commandLine: process.argv.slice(2) });
            measured.push(results);
            if (workload.thesis) reproduced.push({ column: workload.thesis, document: results.document });
          } catch (error) {
            ui.info(`what was measured is kept in ${parent}; continue with: dockerwasm reproduce --resume ${parent}`);
            throw error;
          }
        }
      });
      const tables = reproduceTables(reproduced);
      const intro = `Beside the ${thesisSetting}. Ours: this machine, means of ${spec.samples} samples; sizes are content bytes (see summary.md of each workload for the definitions, intervals and the run-time split).`;
      await writeFileAtomic(join(parent, 'reproduce.md'), renderThesisMarkdown(`dockerwasm reproduce: ${spec.name}`, intro, tables));
      const content = await buildReportContent(measured);
      const report = await writeReport(content, parent, ['html', 'md']);
      ui.info(`report: ${report.find((file) => file.endsWith('.html'))}`);
      await writeJsonAtomic(join(parent, 'reproduce.json'), { spec, tables, workloads: reproduced.map((r) => ({ column: r.column, summary: r.document })) });
      if (options.json) {
        ui.data(JSON.stringify({ spec, tables }, null, 2));
        return;
      }
      ui.data([...content.sections.map(renderSection), '', ...tables.flatMap((t) => [t.title, renderTable(t), '']), `results: ${parent}`].join('\n'));
    });
}
