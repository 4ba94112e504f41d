// The append-only sample log of a results directory: samples.jsonl, one complete line per measurement,
// appended as each is measured (so an interrupted run keeps everything it measured), and its one reader.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { compareRecordSchema, recordSchemaVersion, type CompareRecord } from './compare-records.js';
import { densityCellSchema, densityRecordVersion, type DensityCell } from './density-records.js';
import type { ResultsKind } from './environment.js';
import { standaloneRecordVersion, standaloneSampleSchema, type StandaloneSample } from './standalone-records.js';

export const samplesFile = 'samples.jsonl';

export function resultsDirName(label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${label}`;
}

/** samples.jsonl of a directory, made on construction; one line per record, appended as it is measured. */
export class AppendLog<T> {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, samplesFile);
    try {
      mkdirSync(dir, { recursive: true });
      appendFileSync(this.path, '');
    } catch (error) {
      throw new DockerwasmError('INPUT', `cannot write results to ${dir}: ${(error as NodeJS.ErrnoException).code ?? error}`, { cause: error });
    }
  }

  append(record: T): void {
    appendFileSync(this.path, JSON.stringify(record) + '\n');
  }
}

/** The record of each kind of run, and the record schema version this dockerwasm reads. */
const recordFormats = {
  compare: { schema: compareRecordSchema, version: recordSchemaVersion },
  density: { schema: densityCellSchema, version: densityRecordVersion },
  standalone: { schema: standaloneSampleSchema, version: standaloneRecordVersion },
} satisfies Record<ResultsKind, { schema: z.ZodType; version: number }>;

export interface RecordOf {
  compare: CompareRecord;
  density: DensityCell;
  standalone: StandaloneSample;
}

export interface ReadRecords<Record> {
  records: Record[];
  /** lines that were not complete records: a run killed mid-write leaves at most one */
  skipped: { line: number; reason: string }[];
}

/**
 * Reads samples.jsonl of a run of `kind`, keeping every complete line and saying which were skipped. A line of
 * a record schema version this dockerwasm does not read is refused: its figures would be misread.
 */
export function readSamples<Kind extends ResultsKind>(dir: string, kind: Kind): ReadRecords<RecordOf[Kind]> {
  const path = join(dir, samplesFile);
  if (!existsSync(path)) throw new DockerwasmError('INPUT', `${dir} has no ${samplesFile}: not a dockerwasm results directory`);
  const format = recordFormats[kind];
  const records: RecordOf[Kind][] = [];
  const skipped: ReadRecords<unknown>['skipped'] = [];
  readFileSync(path, 'utf8').split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      skipped.push({ line: index + 1, reason: 'not complete JSON (truncated?)' });
      return;
    }
    const schema = (value as { schema?: unknown } | null)?.schema;
    if (schema !== format.version) {
      throw new DockerwasmError('INPUT', `${path} line ${index + 1}: schema version ${String(schema)} is not one this dockerwasm reads (${format.version})`);
    }
    const parsed = format.schema.safeParse(value);
    if (parsed.success) records.push(parsed.data as RecordOf[Kind]);
    else skipped.push({ line: index + 1, reason: parsed.error.issues[0]?.message ?? 'invalid record' });
  });
  return { records, skipped };
}
