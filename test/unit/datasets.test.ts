import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mappedColumns, sourceColumns } from '../../src/datasets/cvd-schema.js';
import { writeDataset } from '../../src/datasets/dataset-store.js';
import { kaggleCvdRows } from '../../src/datasets/kaggle-cvd.js';
import { syntheticCvdRows } from '../../src/datasets/synthetic-cvd.js';

const collect = async (rows: AsyncIterable<number[]>) => {
  const all: number[][] = [];
  for await (const row of rows) all.push(row);
  return all;
};

const kaggleRow = (overrides: Record<string, string> = {}) => {
  const values: Record<string, string> = {
    General_Health: 'Very Good', Checkup: 'Within the past year', Exercise: 'Yes', Heart_Disease: 'No', Skin_Cancer: 'No',
    Other_Cancer: 'No', Depression: 'No', Diabetes: 'No, pre-diabetes or borderline diabetes', Arthritis: 'Yes', Sex: 'Female',
    Age_Category: '70-74', 'Height_(cm)': '150.0', 'Weight_(kg)': '32.66', BMI: '14.54', Smoking_History: 'Yes',
    Alcohol_Consumption: '0.0', Fruit_Consumption: '30.0', Green_Vegetables_Consumption: '16.0', FriedPotato_Consumption: '12.0',
    ...overrides,
  };
  return Papa.unparse([sourceColumns.map((c) => values[c]!)]);
};

function kaggleFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dockerwasm-kaggle-')), 'CVD_cleaned.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('the synthetic CVD dataset', () => {
  it('is deterministic for a seed, and a shorter file is the start of a longer one', () => {
    const a = [...syntheticCvdRows({ rows: 500, seed: 7 })];
    expect([...syntheticCvdRows({ rows: 500, seed: 7 })]).toEqual(a);
    expect([...syntheticCvdRows({ rows: 100, seed: 7 })]).toEqual(a.slice(0, 100));
    expect([...syntheticCvdRows({ rows: 100, seed: 8 })]).not.toEqual(a.slice(0, 100));
  });

  it('has the shape of the real file and a learnable heart-disease relation', () => {
    const rows = [...syntheticCvdRows({ rows: 40_000, seed: 42 })];
    const col = (name: string) => rows.map((r) => r[mappedColumns.indexOf(name as never)]!);
    const share = (values: number[], v: number) => values.filter((x) => x === v).length / values.length;
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    // the real file: 8.1% heart disease, 77.5% exercise; 40,000 draws put a share within 0.5 points of it
    expect(Math.abs(share(col('Heart_Disease'), 1) - 0.081)).toBeLessThan(0.005);
    expect(Math.abs(share(col('Exercise'), 1) - 0.775)).toBeLessThan(0.005);
    expect(mean(col('Height_(cm)'))).toBeCloseTo(170.6, 0);
    expect(mean(col('BMI'))).toBeGreaterThan(27);
    expect(mean(col('BMI'))).toBeLessThan(30);
    const heart = col('Heart_Disease');
    const age = col('Age_Category');
    const rate = (keep: (i: number) => boolean) => {
      const picked = heart.filter((_, i) => keep(i));
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(rate((i) => age[i]! >= 10)).toBeGreaterThan(3 * rate((i) => age[i]! <= 3));
  });

  it('is written whole with a manifest', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-data-'));
    const manifest = await writeDataset({ source: 'synthetic', rows: 1000, seed: 3 }, folder);
    expect(manifest).toMatchObject({ source: 'synthetic', seed: 3, rows: 1000, target: 'Heart_Disease', columns: [...mappedColumns] });
    const lines = readFileSync(join(folder, manifest.file), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[0]).toBe(mappedColumns.join(','));
    expect(readdirSync(folder).sort()).toEqual([manifest.file, manifest.file.replace('.csv', '.json')].sort());
  });

  it('refuses more rows than the dataset has', async () => {
    await expect(writeDataset({ source: 'synthetic', rows: 400_000, seed: 1 }, mkdtempSync(join(tmpdir(), 'd-')))).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('the Kaggle CVD file', () => {
  it("maps every categorical column with Appendix B and moves Heart_Disease last", async () => {
    const rows = await collect(kaggleCvdRows(kaggleFile([sourceColumns.join(','), kaggleRow(), kaggleRow({ Heart_Disease: 'Yes', Sex: 'Male', Age_Category: '80+', General_Health: 'Poor' })])));
    expect(rows[0]).toEqual([3, 1, 1, 0, 0, 0, 1, 1, 1, 10, 150, 32.66, 14.54, 1, 0, 30, 16, 12, 0]);
    expect(rows[1]!.at(-1)).toBe(1);
    expect(rows[1]![mappedColumns.indexOf('Sex')]).toBe(0);
    expect(rows[1]![mappedColumns.indexOf('Age_Category')]).toBe(12);
  });

  it('names the row, column and value of an unknown category', async () => {
    const file = kaggleFile([sourceColumns.join(','), kaggleRow(), kaggleRow({ Diabetes: 'Maybe' })]);
    await expect(collect(kaggleCvdRows(file))).rejects.toThrow(/line 3, column Diabetes: unknown value 'Maybe'/);
  });

  it('refuses a missing column, a short row and a non-numeric number', async () => {
    const missing = kaggleFile([sourceColumns.filter((c) => c !== 'BMI').join(','), 'x']);
    await expect(collect(kaggleCvdRows(missing))).rejects.toThrow(/missing column BMI/);
    const short = kaggleFile([sourceColumns.join(','), kaggleRow(), 'Poor,Never,No']);
    await expect(collect(kaggleCvdRows(short))).rejects.toThrow(/line 3: the row has 3 fields, the header 19/);
    const text = kaggleFile([sourceColumns.join(','), kaggleRow({ BMI: 'heavy' })]);
    await expect(collect(kaggleCvdRows(text))).rejects.toThrow(/line 2, column BMI: 'heavy' is not a number/);
  });

  it('leaves nothing half-written when the input is bad', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dockerwasm-data-'));
    const file = kaggleFile([sourceColumns.join(','), kaggleRow(), kaggleRow({ Sex: 'Other' })]);
    await expect(writeDataset({ source: 'kaggle', rows: 2, from: file }, folder)).rejects.toMatchObject({ code: 'INPUT' });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses --rows beyond the file', async () => {
    const file = kaggleFile([sourceColumns.join(','), kaggleRow()]);
    await expect(collect(kaggleCvdRows(file, 5))).rejects.toThrow(/has 1 data rows, fewer than the 5 asked for/);
  });
});
