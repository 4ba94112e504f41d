import type { Command } from 'commander';
import { join, relative } from 'node:path';
import { paths, resolveOutputDir } from '../../io/project-paths.js';
import { assertOneWorkload, loadResults } from '../../report/load-results.js';
import { buildReportContent } from '../../report/content.js';
import { reportFormats, writeReport, type ReportFormat } from '../../report/write-report.js';
import { writeDensityReport } from '../../report/density-report.js';
import { isDensityDirectory } from '../../results/density-file.js';
import { writeStandaloneReport } from '../../report/standalone-report.js';
import { isStandaloneDirectory } from '../../results/standalone-file.js';
import { resultsDirName } from '../../results/sample-log.js';
import { usageError } from '../../errors.js';
import { createUi } from '../ui.js';
import { nameList } from '../options.js';

interface ReportOptions {
  format: ReportFormat[] | 'all';
  out?: string;
  outAnywhere?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .argument('<results-dirs...>', 'one or more results directories (of one algorithm; several sizes make a scaling chart)')
    .summary('re-render tables and charts from saved results, without Docker')
    .description(
      'Recomputes every figure from samples.jsonl and env.json (never from summary.json) and writes report.html ' +
        '(one self-contained file: inline SVG charts, no network), report.md with PNG charts under charts/, report.csv ' +
        'and report.json. Several directories (two machines, two engine versions, several sizes) are compared side ' +
        'by side. A truncated last line (a run killed mid-write) is skipped and reported. A density run\'s directory ' +
        '(`dockerwasm density`) or a standalone run\'s (`dockerwasm runtimes`) gets its own report.md, summary.json and charts again.',
    )
    .option('--format <list>', `${reportFormats.join(',')} or all`, nameList('--format', reportFormats), 'all')
    .option('--out <dir>', 'where to write (default: the results directory itself, or results/<timestamp>-report/ for several)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .addHelpText('after', '\nExamples:\n  dockerwasm report results/20261128T060000Z-tree-rows100000\n  dockerwasm report results/*-tree-rows* --format md')
    .action(async (dirs: string[], options: ReportOptions) => {
      const ui = createUi();
      const density = dirs.filter(isDensityDirectory);
      if (density.length > 0) {
        if (density.length !== dirs.length || dirs.length > 1 || options.out !== undefined) throw usageError('a density run is reported on its own, in its own directory: give one density directory and no --out');
        const { files } = await writeDensityReport(dirs[0]!);
        ui.data(files.map((file) => relative(process.cwd(), file)).join('\n'));
        return;
      }
      const standalone = dirs.filter(isStandaloneDirectory);
      if (standalone.length > 0) {
        if (standalone.length !== dirs.length || dirs.length > 1 || options.out !== undefined) throw usageError('a standalone run is reported on its own, in its own directory: give one `dockerwasm runtimes` directory and no --out');
        const { files } = await writeStandaloneReport(dirs[0]!);
        ui.data(files.map((file) => relative(process.cwd(), file)).join('\n'));
        return;
      }
      const results = dirs.map(loadResults);
      assertOneWorkload(results);
      for (const r of results) if (r.skippedLines.length) ui.warn(`${r.name}: skipped ${r.skippedLines.length} incomplete line(s) of samples.jsonl`);
      const out = options.out !== undefined
        ? resolveOutputDir(options.out, options.outAnywhere ?? false)
        : results.length === 1 ? results[0]!.dir : join(paths.results(), resultsDirName('report'));
      const content = await buildReportContent(results);
      const formats = options.format === 'all' ? reportFormats : (options.format as ReportFormat[]);
      const written = await writeReport(content, out, formats);
      ui.data(written.map((file) => relative(process.cwd(), file)).join('\n'));
    });
}
