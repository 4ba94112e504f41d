import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadSpecFile, settingsOf, validateSpec, type ExperimentSpec } from '../../config/experiment-spec.js';
import { reproduceSpec } from '../../config/reproduce-spec.js';
import { findToolchain } from '../../guests/toolchain.js';
import { workloadLabel } from '../../guests/workloads.js';
import { DockerwasmError } from '../../errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic-file.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { reproduceTable, type ReproducedWorkload } from '../../report/reproduce-tables.js';
import { writeRunReport } from '../../report/render-report.js';
import { resultsDirName } from '../../report/results-dir.js';
import { renderMarkdownTable } from '../../report/tables.js';
import { thesisSetting } from '../../report/thesis.js';
import { withEngine } from '../engine-session.js';
import { progressFor, renderDocument, renderTable, runForCli } from '../experiment-output.js';
import { createUi } from '../ui.js';
import { addExperimentOptions, type ExperimentOptions } from './compare.js';

interface ReproduceOptions extends ExperimentOptions {
  config?: string;
  resume?: string;
  printSpec?: boolean;
}

/** Options given on the command line override the spec's values. */
function applyOverrides(spec: ExperimentSpec, options: ReproduceOptions, cmd: Command): ExperimentSpec {
  const given = (name: string) => cmd.getOptionValueSource(name) === 'cli';
  const next: Record<string, unknown> = { ...spec };
  if (given('samples')) next.samples = options.samples;
  if (given('warmup')) next.warmup = options.warmup;
  if (given('runtimes')) next.runtimes = options.runtimes;
  if (given('builder')) next.builder = options.builder;
  if (given('seed')) next.seed = options.seed;
  if (given('timeout')) next.timeoutSeconds = options.timeout;
  if (given('base')) next.base = options.base;
  if (given('memory')) next.watchMemory = options.memory;
  if (given('cache')) next.noCacheBuilds = options.cache === false;
  if (given('wasmtimePrecompiled')) next.wasmtimePrecompiled = true;
  if (given('form')) next.form = options.form;
  return validateSpec(next, 'the spec with the command-line options');
}

export function registerReproduce(program: Command): void {
  const command = program
    .command('reproduce')
    .summary("re-run the thesis's Docker experiment and set our figures beside its Tables 16-18")
    .description(
      "Runs the thesis's Docker experiment (section 5.4): kmeans (1,000,000 observations), linreg (iris), tree (100,000 " +
        'rows) and tree (308,854 rows), each as `compare` does, then prints Tables 16 (build time), 17 (image size) and 18 ' +
        "(container run time) with the thesis's figures beside ours and the Wasm/Docker ratios of both. --config runs " +
        'any matrix written as YAML instead (see --print-spec for the built-in one).',
    )
    .option('--config <spec.yaml>', 'run this experiment matrix instead of the built-in one')
    .option('--print-spec', 'print the built-in spec as YAML and exit')
    .option('--resume <dir>', 'continue an interrupted reproduce in <dir>');
  addExperimentOptions(command)
    .addHelpText('after', '\nExamples:\n  dockerwasm reproduce --samples 3\n  dockerwasm reproduce --print-spec > my.yaml && dockerwasm reproduce --config my.yaml')
    .action(async (options: ReproduceOptions, cmd: Command) => {
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
        spec = applyOverrides(spec, options, cmd);
        parent = options.out !== undefined
          ? resolveOutputDir(options.out, options.outAnywhere ?? false)
          : join(paths.results(), resultsDirName(spec.name));
        await writeFileAtomic(join(parent, 'spec.yaml'), stringify(spec));
      }
      const toolchain = await findToolchain();
      const progress = progressFor(ui);
      const reproduced: ReproducedWorkload[] = [];
      const dirs: string[] = [];
      const rendered: string[] = [];
      await withEngine(async (session) => {
        for (const [index, workload] of spec.workloads.entries()) {
          const settings = settingsOf(spec, workload);
          const dir = join(parent, `${index + 1}-${workloadLabel(settings.workload)}`);
          ui.info(`\n== ${index + 1}/${spec.workloads.length}: ${workloadLabel(settings.workload)}${workload.thesis ? ` (thesis: ${workload.thesis})` : ''}`);
          try {
            const { document } = await runForCli({ session, ui, progress, toolchain, settings, dir, resume: existsSync(join(dir, 'env.json')), keepImages: options.keepImages ?? false });
            rendered.push(renderDocument(document, dir));
            dirs.push(dir);
            await writeRunReport([dir], dir);
            if (workload.thesis) reproduced.push({ column: workload.thesis, document });
          } catch (error) {
            ui.info(`what was measured is kept in ${parent}; continue with: dockerwasm reproduce --resume ${parent}`);
            throw error;
          }
        }
      });
      const tables = (['build', 'size', 'run'] as const).map((metric) => reproduceTable(metric, reproduced));
      const markdown = [
        `# dockerwasm reproduce: ${spec.name}`,
        '',
        `Beside the ${thesisSetting}. Ours: this machine, means of ${spec.samples} samples; sizes are content bytes (see summary.md of each workload for the definitions, intervals and the run-time split).`,
        '',
        ...tables.flatMap((t) => [`## ${t.title}`, '', renderMarkdownTable(t), '']),
      ].join('\n');
      await writeFileAtomic(join(parent, 'reproduce.md'), markdown);
      const report = await writeRunReport(dirs, parent);
      ui.info(`report: ${report.find((file) => file.endsWith('.html'))}`);
      await writeJsonAtomic(join(parent, 'reproduce.json'), { spec, tables, workloads: reproduced.map((r) => ({ column: r.column, summary: r.document })) });
      if (options.json) {
        ui.data(JSON.stringify({ spec, tables }, null, 2));
        return;
      }
      ui.data([...rendered, '', ...tables.flatMap((t) => [t.title, renderTable(t), '']), `results: ${parent}`].join('\n'));
    });
}
