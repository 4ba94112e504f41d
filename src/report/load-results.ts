// Loads a results directory of any kind for reporting: env.json and samples.jsonl, with the summary computed
// from the raw records (never trusted from summary.json), and what had to be skipped said.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { savedCompareSettingsSchema, type SavedCompareSettings } from '../config/compare-settings.js';
import { DockerwasmError } from '../errors.js';
import type { CompareRecord } from '../results/compare-records.js';
import type { DensityCell } from '../results/density-records.js';
import { readEnvironment, runCompleted, type CompareEnvironment, type DensityEnvironment, type StandaloneEnvironment } from '../results/environment.js';
import { readSamples } from '../results/sample-log.js';
import type { StandaloneSample } from '../results/standalone-records.js';
import type { DensitySummary, StandaloneSummary, SummaryDocument } from '../results/summaries.js';
import { containerThesisColumn, type ThesisColumn } from '../thesis/figures.js';
import { parseListingMistakes } from '../validation.js';
import { summaryDocument } from './compare/document.js';
import { summariseDensity } from './density/summarise.js';
import { summariseStandalone } from './standalone/summarise.js';

interface Loaded<Env, Record> {
  dir: string;
  name: string;
  env: Env;
  /** the raw records the summary was computed from */
  records: Record[];
  skippedLines: { line: number; reason: string }[];
  /** the run measured its whole plan */
  complete: boolean;
}

export interface LoadedCompare extends Loaded<CompareEnvironment, CompareRecord> {
  kind: 'compare';
  settings: SavedCompareSettings;
  document: SummaryDocument;
  thesisColumn: ThesisColumn | null;
}

export interface LoadedDensity extends Loaded<DensityEnvironment, DensityCell> {
  kind: 'density';
  summary: DensitySummary;
}

export interface LoadedStandalone extends Loaded<StandaloneEnvironment, StandaloneSample> {
  kind: 'standalone';
  summary: StandaloneSummary;
}

export type LoadedResults = LoadedCompare | LoadedDensity | LoadedStandalone;

function existingDir(given: string): string {
  const dir = resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DockerwasmError('INPUT', `${given}: no such directory`);
  return dir;
}

export function loadResults(given: string): LoadedResults {
  const dir = existingDir(given);
  const env = readEnvironment(dir);
  const complete = runCompleted(dir, env);
  const base = { dir, name: basename(dir), complete };
  switch (env.kind) {
    case 'compare': {
      const { records, skipped } = readSamples(dir, 'compare');
      const settings = parseListingMistakes(savedCompareSettingsSchema, env.settings, `${dir}/env.json's settings`, 'INPUT');
      const document = summaryDocument(env, settings, records, complete);
      return { kind: 'compare', ...base, env, records, skippedLines: skipped, settings, document, thesisColumn: containerThesisColumn(settings.workload) };
    }
    case 'density': {
      const { records, skipped } = readSamples(dir, 'density');
      const summary = summariseDensity(env, records);
      return { kind: 'density', ...base, env, records, skippedLines: skipped, summary };
    }
    case 'standalone': {
      const { records, skipped } = readSamples(dir, 'standalone');
      const summary = summariseStandalone(env, records);
      return { kind: 'standalone', ...base, env, records, skippedLines: skipped, summary };
    }
  }
}

/** The warning for lines of samples.jsonl that were not complete records (a run killed mid-write leaves one). */
export function skippedLinesWarning(r: LoadedResults): string[] {
  return r.skippedLines.length ? [`${r.skippedLines.length} incomplete line(s) of samples.jsonl skipped (line ${r.skippedLines.map((s) => s.line).join(', ')})`] : [];
}

/** A compare run's results: refuses a directory of another kind. */
export function loadCompare(given: string): LoadedCompare {
  const results = loadResults(given);
  if (results.kind !== 'compare') throw new DockerwasmError('INPUT', `${given} holds a ${results.kind} run, not a compare run`);
  return results;
}

/** Refuses to put different workloads in one table. */
export function assertOneWorkload(results: LoadedCompare[]): void {
  const algorithms = new Set(results.map((r) => r.document.workload.algorithm));
  if (algorithms.size > 1) {
    throw new DockerwasmError('USAGE', `these results are of different algorithms (${[...algorithms].join(', ')}); one report compares one algorithm`, {
      hint: 'give the directories of one algorithm (sizes may differ: that makes a scaling chart)',
    });
  }
}
