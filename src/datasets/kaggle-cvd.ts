// Maps the real Kaggle CVD_cleaned.csv with the thesis's Appendix B: every categorical column to its
// number, Heart_Disease moved last, the numeric columns kept as they are.
import { createReadStream, existsSync } from 'node:fs';
import Papa from 'papaparse';
import { DockerwasmError } from '../errors.js';
import { categoryMaps, mappedColumns, sourceColumns } from './cvd-schema.js';

const inputError = (message: string, cause?: unknown) =>
  new DockerwasmError('INPUT', message, cause === undefined ? {} : { cause });

/** Yields mapped rows (numbers in `mappedColumns` order); stops after `limit` rows when given. */
export async function* kaggleCvdRows(file: string, limit = Infinity): AsyncGenerator<number[]> {
  if (!existsSync(file)) throw inputError(`${file}: no such file`);
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true, transform: (value: string) => value.trim() });
  const source = createReadStream(file);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let header: string[] | undefined;
  let order: number[] = [];
  let line = 0;
  let produced = 0;
  try {
    for await (let record of parser as AsyncIterable<string[]>) {
      line++;
      if (header === undefined) {
        header = record.map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name));
        record = header;
        const missing = sourceColumns.filter((column) => !record.includes(column));
        if (missing.length > 0) throw inputError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
        order = mappedColumns.map((column) => record.indexOf(column));
        continue;
      }
      if (produced >= limit) break;
      if (record.length !== header.length) {
        throw inputError(`${file} line ${line}: the row has ${record.length} fields, the header ${header.length}`);
      }
      yield order.map((sourceIndex, position) => {
        const column = mappedColumns[position]!;
        const text = record[sourceIndex] ?? '';
        const categories = categoryMaps[column];
        if (categories !== undefined) {
          const value = categories[text];
          if (value === undefined) {
            throw inputError(`${file} line ${line}, column ${column}: unknown value '${text}' (expected one of: ${Object.keys(categories).join(', ')})`);
          }
          return value;
        }
        const value = text === '' ? NaN : Number(text);
        if (!Number.isFinite(value)) throw inputError(`${file} line ${line}, column ${column}: '${text}' is not a number`);
        return value;
      });
      produced++;
    }
  } catch (error) {
    if (error instanceof DockerwasmError) throw error;
    throw inputError(`${file}: not a readable CSV (${(error as Error).message})`, error);
  } finally {
    parser.destroy();
  }
  if (header === undefined) throw inputError(`${file}: the file is empty`);
  if (produced < limit && Number.isFinite(limit)) {
    throw inputError(`${file} has ${produced} data rows, fewer than the ${limit} asked for with --rows`);
  }
}
