// What each kind of run gives the one report: its content (from its summaries), its charts, its figures
// as CSV rows, its summary.json, its tables beside the thesis and its warnings. Every format is drawn from
// these by the shared renderers.
import { DockerwasmError } from '../errors.js';
import type { ResultsKind } from '../results/environment.js';
import { compareCharts, compareFigureRows, compareWarnings, describeCompare, thesisTablesOf } from './compare/content.js';
import { skippedLinesWarning, type LoadedCompare, type LoadedDensity, type LoadedResults, type LoadedStandalone } from './load-results.js';
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

/** A kind reported one directory at a time: its summary.json holds its kind, completeness and summary. */
function oneAtATime<Loaded extends LoadedDensity | LoadedStandalone>(kind: {
  charts(result: Loaded): Promise<Chart[]>;
  describe(result: Loaded, charts: Chart[]): ReportContent;
  figureRows(result: Loaded): CsvRow[];
  thesisTables?(result: Loaded): TitledTable[];
}): ReportKind<Loaded> {
  return {
    several: false,
    charts: ([r]) => kind.charts(r!),
    describe: ([r], charts) => kind.describe(r!, charts),
    figureRows: kind.figureRows,
    summaryFile: (r) => ({ kind: r.kind, complete: r.summary.complete, summary: r.summary }),
    thesisTables: ([r]) => kind.thesisTables?.(r!) ?? [],
    warnings: ([r]) => [...r!.summary.warnings, ...skippedLinesWarning(r!)],
  };
}

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
  density: oneAtATime({ charts: densityCharts, describe: describeDensity, figureRows: densityFigureRows }),
  standalone: oneAtATime({ charts: standaloneCharts, describe: describeStandalone, figureRows: standaloneFigureRows, thesisTables: (r) => standaloneThesisTables(r.env, r.summary) }),
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
