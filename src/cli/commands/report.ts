import type { Command } from 'commander';
import { join, relative } from 'node:path';
import { usageError } from '../../errors.js';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { assertOneWorkload, loadResults, type LoadedCompare } from '../../report/load-results.js';
import { isReproduceFolder, loadReproduceFolder, writeReproduceFiles } from '../../report/reproduce-folder.js';
import { buildReport, reportFormats, writeReport, type ReportFormat } from '../../report/write-report.js';
import { resultsDirName } from '../../results/sample-log.js';
import { nameList } from '../options.js';
import { createUi } from '../ui.js';

interface ReportOptions {
  format: ReportFormat[] | 'all';
  out?: string;
  outAnywhere?: boolean;
}

export function register(program: Command): void {
  program
    .command('report')
    .argument('<results-dirs...>', 'results directories of one kind (compare: of one workload, several sizes make a scaling chart), or one reproduce folder')
    .description(
      'Recomputes every figure from samples.jsonl and env.json (never from summary.json) and writes report.html ' +
        '(one self-contained file: inline SVG charts, no network), report.md with PNG charts under charts/, report.csv ' +
        "and report.json, for a run of any kind (compare, density, runtimes). Several compare directories (two machines, " +
        'two engine versions, several sizes) are compared side by side; a reproduce folder gets its reproduce.md and ' +
        'reproduce.json again too. A truncated last line (a run killed mid-write) is skipped and reported.',
    )
    .option('--format <list>', `${reportFormats.join(',')} or all`, nameList('--format', reportFormats), 'all')
    .option('--out <dir>', 'where to write (default: the results directory itself, or results/<timestamp>-report/ for several)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .addHelpText('after', '\nExamples:\n  dockerwasm report results/20261128T060000Z-tree-rows100000\n  dockerwasm report results/*-tree-rows* --format md\n  dockerwasm report results/sample-density/hello --format html,md,csv,json')
    .action(async (dirs: string[], options: ReportOptions) => {
      const ui = createUi();
      const formats = options.format === 'all' ? reportFormats : options.format;
      const show = (files: string[]) => ui.data(files.map((file) => relative(process.cwd(), file)).join('\n'));
      if (dirs.some(isReproduceFolder)) {
        if (dirs.length > 1 || options.out !== undefined) throw usageError('a reproduce folder is reported on its own, in itself: give one folder and no --out');
        const { spec, measured } = await loadReproduceFolder(dirs[0]!);
        show((await writeReproduceFiles(dirs[0]!, spec, measured, formats)).files);
        return;
      }
      const results = dirs.map(loadResults);
      if (results.every((r) => r.kind === 'compare')) assertOneWorkload(results as LoadedCompare[]);
      for (const r of results) if (r.skippedLines.length) ui.warn(`${r.name}: skipped ${r.skippedLines.length} incomplete line(s) of samples.jsonl`);
      const report = await buildReport(results);
      const out = options.out !== undefined ? resolveOutputDir(options.out, options.outAnywhere ?? false) : results.length === 1 ? results[0]!.dir : join(paths.results(), resultsDirName('report'));
      show(await writeReport(report, out, formats));
    });
}
