// Loads a results directory for re-rendering: env.json and samples.jsonl, with the summary recomputed
// from the raw records (never trusted from summary.json), and what had to be skipped said.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DockerwasmError } from '../errors.js';
import { normaliseWorkload } from '../guests/workloads.js';
import type { EnvironmentFile } from '../bench/run-experiment.js';
import { readEnvironment } from '../bench/run-experiment.js';
import { definitions } from './environment.js';
import { readSampleRecords } from './results-dir.js';
import { summarise } from './summarise.js';
import type { SummaryDocument } from './summary-files.js';
import type { ThesisColumn } from './thesis.js';

export interface LoadedResults {
  dir: string;
  name: string;
  env: EnvironmentFile;
  document: SummaryDocument;
  skippedLines: { line: number; reason: string }[];
  thesisColumn: ThesisColumn | null;
}

/** The thesis column a workload reproduces, when it is one of the thesis's four. */
export function thesisColumnOf(workload: Record<string, unknown>): ThesisColumn | null {
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
  const workload = { ...normaliseWorkload(env.settings.workload), label: env.label };
  // complete when the run itself said so at its end
  const complete = existsSync(`${dir}/summary.json`) && (JSON.parse(readFileSync(`${dir}/summary.json`, 'utf8')) as { complete?: boolean }).complete === true;
  const document: SummaryDocument = {
    schema: 1,
    complete,
    workload,
    settings: env.settings as unknown as Record<string, unknown>,
    definitions,
    summary: summarise({ records, variants: env.variants, images: env.images }),
  };
  return { dir, name: basename(dir), env, document, skippedLines: skipped, thesisColumn: thesisColumnOf(workload) };
}

/** Refuses to put different workloads in one table. */
export function assertOneWorkload(results: LoadedResults[]): void {
  const labels = [...new Set(results.map((r) => r.env.label))];
  if (labels.length > 1 && results.length > 1) {
    const algorithms = new Set(results.map((r) => r.document.workload.algorithm));
    if (algorithms.size > 1) {
      throw new DockerwasmError('USAGE', `these results are of different algorithms (${[...algorithms].join(', ')}); one report compares one algorithm`, {
        hint: 'give the directories of one algorithm (sizes may differ: that makes a scaling chart)',
      });
    }
  }
}
