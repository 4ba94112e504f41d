// The append-only sample log of a results directory: samples.jsonl, one complete line per measurement,
// appended as each is measured (so an interrupted run keeps everything it measured), and its reader.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { sampleRecordSchema, recordSchemaVersion, type SampleRecord } from './records.js';

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

export class SampleLog extends AppendLog<SampleRecord> {}

/** Every line of samples.jsonl that `schema` accepts; lines cut short by a killed run, or of another kind, are counted as skipped. */
export function readLogLines<Schema extends z.ZodType>(dir: string, schema: Schema): { items: z.output<Schema>[]; skipped: number } {
  const path = join(dir, samplesFile);
  if (!existsSync(path)) return { items: [], skipped: 0 };
  const items: z.output<Schema>[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = schema.safeParse(JSON.parse(line));
      if (parsed.success) items.push(parsed.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { items, skipped };
}

export interface ReadRecords {
  records: SampleRecord[];
  /** lines that were not complete records: a run killed mid-write leaves at most one */
  skipped: { line: number; reason: string }[];
}

/** Reads samples.jsonl, keeping every complete line and saying which were skipped. */
export function readSampleRecords(dir: string): ReadRecords {
  const path = join(dir, samplesFile);
  if (!existsSync(path)) throw new DockerwasmError('INPUT', `${dir} has no ${samplesFile}: not a dockerwasm results directory`);
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: SampleRecord[] = [];
  const skipped: ReadRecords['skipped'] = [];
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      skipped.push({ line: index + 1, reason: 'not complete JSON (truncated?)' });
      return;
    }
    const schema = (value as { schema?: unknown }).schema;
    if (schema !== recordSchemaVersion) {
      throw new DockerwasmError('INPUT', `${path} line ${index + 1}: schema version ${String(schema)} is not one this dockerwasm reads (${recordSchemaVersion})`);
    }
    const parsed = sampleRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else skipped.push({ line: index + 1, reason: parsed.error.issues[0]?.message ?? 'invalid record' });
  });
  return { records, skipped };
}
