// Loads a results directory for reporting: env.json and samples.jsonl, with the summary computed from
// the raw records (never trusted from summary.json), and what had to be skipped said.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DockerwasmError } from '../errors.js';
import { readEnvironment, runCompleted, type EnvironmentFile } from '../results/environment-file.js';
import { readSampleRecords } from '../results/sample-log.js';
import type { SampleRecord } from '../results/records.js';
import type { Workload } from '../config/settings.js';
import type { ThesisColumn } from '../thesis/figures.js';
import { summaryDocument, type SummaryDocument } from './document.js';

export interface LoadedResults {
  dir: string;
  name: string;
  env: EnvironmentFile;
  document: SummaryDocument;
  /** the raw records the document was computed from */
  records: SampleRecord[];
  skippedLines: { line: number; reason: string }[];
  thesisColumn: ThesisColumn | null;
}

/** The thesis column a workload reproduces, when it is one of the thesis's four. */
export function thesisColumnOf(workload: Workload): ThesisColumn | null {
  if (workload.algorithm === 'kmeans' && workload.observations === 1_000_000) return 'K-mean';
  if (workload.algorithm === 'linreg' && workload.dataset === 'iris') return 'Regression';
  if (workload.algorithm === 'tree' && workload.rows === 100_000) return 'Tree1';
  if (workload.algorithm === 'tree' && workload.rows === 308_854) return 'Tree2';
  return null;
}

export function loadResults(given: string): LoadedResults {
  const dir = resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DockerwasmError('INPUT', `${given}: no such directory`);
  const { records, skipped } = readSampleRecords(dir);
  const env = readEnvironment(dir);
  const document = summaryDocument(env, records, runCompleted(dir, env));
  return { dir, name: basename(dir), env, document, records, skippedLines: skipped, thesisColumn: thesisColumnOf(env.settings.workload) };
}

/** Refuses to put different workloads in one table. */
export function assertOneWorkload(results: LoadedResults[]): void {
  const algorithms = new Set(results.map((r) => r.document.workload.algorithm));
  if (algorithms.size > 1) {
    throw new DockerwasmError('USAGE', `these results are of different algorithms (${[...algorithms].join(', ')}); one report compares one algorithm`, {
      hint: 'give the directories of one algorithm (sizes may differ: that makes a scaling chart)',
    });
  }
}
