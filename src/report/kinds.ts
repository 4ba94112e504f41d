// What each kind of run gives the one report: its content (from its summaries), its charts, its figures
// as CSV rows, its summary.json, its tables beside the thesis and its warnings. Every format is drawn from
// these by the shared renderers.
import { DockerwasmError } from '../errors.js';
import type { ResultsKind } from '../results/environment.js';
import { compareCharts, compareFigureRows, compareWarnings, describeCompare, thesisTablesOf } from './compare/content.js';
import { type LoadedCompare, type LoadedDensity, type LoadedResults, type LoadedStandalone } from './load-results.js';
import type { Chart, ReportContent } from './model.js';
import type { CsvRow } from './render-csv.js';
import type { TitledTable } from './table-data.js';
import { densityCharts, densityFigureRows, describeDensity } from './density/content.js';
import { describeStandalone, standaloneCharts, standaloneFigureRows, standaloneThesisTables } from './standalone/content.js';

interface ReportKind<Loaded extends LoadedResults> {
  /** several directories in one report (side by side), or one only */
  several: boolean;
  charts(results: Loaded[]): Promise<Chart[]>;
  describe(results: Loaded[], charts: Chart[]): ReportContent;
  figureRows(result: Loaded): CsvRow[];
  summaryFile(result: Loaded): unknown;
  thesisTables(results: Loaded[]): TitledTable[];
  warnings(results: Loaded[]): string[];
}

const skippedWarning = (r: LoadedResults) => (r.skippedLines.length ? [`${r.skippedLines.length} incomplete line(s) of samples.jsonl skipped (line ${r.skippedLines.map((s) => s.line).join(', ')})`] : []);

const reportKinds: { compare: ReportKind<LoadedCompare>; density: ReportKind<LoadedDensity>; standalone: ReportKind<LoadedStandalone> } = {
  compare: {
    several: true,
    charts: compareCharts,
    describe: describeCompare,
    figureRows: compareFigureRows,
    summaryFile: (r) => r.document,
    thesisTables: thesisTablesOf,
    warnings: compareWarnings,
  },
  density: {
    several: false,
    charts: ([r]) => densityCharts(r!),
    describe: ([r], charts) => describeDensity(r!, charts),
    figureRows: densityFigureRows,
    summaryFile: (r) => ({ kind: 'density', complete: r.summary.complete, summary: r.summary }),
    thesisTables: () => [],
    warnings: ([r]) => [...r!.summary.warnings, ...skippedWarning(r!)],
  },
  standalone: {
    several: false,
    charts: ([r]) => standaloneCharts(r!),
    describe: ([r], charts) => describeStandalone(r!, charts),
    figureRows: standaloneFigureRows,
    summaryFile: (r) => ({ kind: 'standalone', complete: r.summary.complete, summary: r.summary }),
    thesisTables: ([r]) => standaloneThesisTables(r!.env, r!.summary),
    warnings: ([r]) => [...r!.summary.warnings, ...skippedWarning(r!)],
  },
};

/** The report kind of these results: one kind, and one directory unless the kind puts several side by side. */
export function reportKindOf(results: LoadedResults[]): ReportKind<LoadedResults> {
  const kinds = [...new Set(results.map((r) => r.kind))] as ResultsKind[];
  if (kinds.length !== 1) {
    throw new DockerwasmError('USAGE', `these directories hold runs of different kinds (${kinds.join(', ')}); one report is of one kind`);
  }
  const kind = reportKinds[kinds[0]!] as unknown as ReportKind<LoadedResults>;
  if (!kind.several && results.length > 1) throw new DockerwasmError('USAGE', `a ${kinds[0]} run is reported on its own: give one ${kinds[0]} directory`);
  return kind;
}
