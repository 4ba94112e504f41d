// A reproduce folder (`dockerwasm reproduce`): its spec.yaml, one compare results directory per workload,
// and what is drawn from them together: report.{html,md} of every workload side by side, reproduce.md and
// reproduce.json (Tables 16-18 with the thesis's figures beside ours). `reproduce` writes them as it ends;
// `report <folder>` draws them again from the directories.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecFile, type ExperimentSpec } from '../config/experiment-spec.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-file.js';
import { thesisSetting, type ThesisColumn } from '../thesis/figures.js';
import { workloadLabel } from '../workloads/workload.js';
import { answerQuestions, questionTables } from './compare/declared-questions.js';
import { reproduceTables, type ReproducedWorkload } from './compare/reproduce-tables.js';
import { loadCompare, type LoadedCompare } from './load-results.js';
import { renderThesisMarkdown } from './render-markdown.js';
import type { TitledTable } from './table-data.js';
import { buildReport, writeReport, type Report, type ReportFormat } from './write-report.js';

export const specFile = 'spec.yaml';

export const isReproduceFolder = (dir: string) => existsSync(join(dir, specFile)) && !existsSync(join(dir, 'env.json'));

/** The results directory of a spec's workload in its folder: `1-kmeans-obs1000000`. */
export const workloadDir = (parent: string, index: number, workload: ExperimentSpec['workloads'][number]) => join(parent, `${index + 1}-${workloadLabel(workload)}`);

/** A workload of the spec that was measured, with the thesis column it reproduces (when it names one). */
export interface MeasuredWorkload {
  thesis?: ThesisColumn | undefined;
  results: LoadedCompare;
}

/** The spec of a reproduce folder and its measured workloads, in the spec's order (those not started yet are left out). */
export async function loadReproduceFolder(parent: string): Promise<{ spec: ExperimentSpec; measured: MeasuredWorkload[] }> {
  const spec = await loadSpecFile(join(parent, specFile));
  const measured = spec.workloads.flatMap((workload, index) => {
    const dir = workloadDir(parent, index, workload);
    return existsSync(join(dir, 'env.json')) ? [{ thesis: workload.thesis, results: loadCompare(dir) }] : [];
  });
  return { spec, measured };
}

/** report.{formats}, reproduce.md and reproduce.json of a reproduce folder; returns the report, Tables 16-18 and the files written. */
export async function writeReproduceFiles(parent: string, spec: ExperimentSpec, measured: MeasuredWorkload[], formats: readonly ReportFormat[]): Promise<{ report: Report; tables: TitledTable[]; files: string[] }> {
  const reproduced: ReproducedWorkload[] = measured.map((m) => ({ column: m.thesis ?? null, label: workloadLabel(m.results.document.workload), document: m.results.document }));
  const answers = answerQuestions(spec.questions, reproduced);
  const tables = [...questionTables(spec.questions, answers), ...reproduceTables(reproduced)];
  const beside = reproduced.some((r) => r.column !== null) ? `Beside the ${thesisSetting}.` : 'No workload here is one the thesis measured (its rows are empty).';
  const intro = `${beside} Ours: this machine, means of ${spec.samples} samples; sizes are content bytes (see summary.md of each workload for the definitions, intervals and the run-time split).`;
  await writeFileAtomic(join(parent, 'reproduce.md'), renderThesisMarkdown(`dockerwasm reproduce: ${spec.name}`, intro, tables));
  await writeJsonAtomic(join(parent, 'reproduce.json'), { spec, tables, answers, workloads: reproduced.map((r) => ({ column: r.column, summary: r.document })) });
  const report = await buildReport(measured.map((m) => m.results));
  const files = await writeReport(report, parent, formats);
  return { report, tables, files: [join(parent, 'reproduce.md'), join(parent, 'reproduce.json'), ...files] };
}
