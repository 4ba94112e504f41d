// A synthetic stand-in for the CVD file: the same 19 columns, already mapped to numbers (Appendix B),
// with the real Kaggle file's approximate shape (its published column shares) and a learnable relation: heart disease rises
// with age, poor general health, diabetes, smoking and male sex. Deterministic for a seed: the same seed
// gives the same rows, and the first N rows of a longer file are the rows of a shorter one.
import gammaDistribution from '@stdlib/random-base-gamma';
import normalDistribution from '@stdlib/random-base-normal';
import randu from '@stdlib/random-base-randu';
import { mappedColumns, type SourceColumn } from './cvd-schema.js';

/** Shares of each mapped value in the Kaggle file, in %, in value order (normalised when drawn). */
const shares = {
  generalHealth: [3.7, 11.6, 31, 36, 18], // Poor, Fair, Good, Very Good, Excellent
  checkup: [0.5, 77.5, 12, 5.6, 4.3], // Never, past year, 2 years, 5 years, 5+ years
  diabetes: [83.9, 2.2, 13, 1.7], // No, pre-diabetes, Yes, pregnancy only (women only: 0.9% of all)
  age: [5.9, 5.0, 5.8, 6.4, 6.6, 6.8, 8.0, 8.9, 10.7, 10.7, 9.9, 6.9, 7.3], // 18-24 .. 80+
};

/** Logistic model of heart disease; the intercept is set so that about 8.1% of rows have it. */
const heartDiseaseModel = {
  intercept: -6.27,
  perAgeBand: 0.3,
  perHealthStepBelowExcellent: 0.5,
  diabetes: 0.65,
  smoking: 0.4,
  male: 0.55,
  noExercise: 0.2,
};

type Row = Record<SourceColumn, number>;

export interface SyntheticCvdOptions {
  rows: number;
  seed: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function* syntheticCvdRows({ rows, seed }: SyntheticCvdOptions): Generator<number[]> {
  const uniform = randu.factory({ name: 'mt19937', seed });
  const normal = normalDistribution.factory({ prng: uniform });
  const gamma = gammaDistribution.factory({ prng: uniform });

  const pick = (weights: readonly number[]): number => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let threshold = uniform() * total;
    for (let index = 0; index < weights.length; index++) {
      threshold -= weights[index]!;
      if (threshold < 0) return index;
    }
    return weights.length - 1;
  };
  const yes = (probability: number) => (uniform() < probability ? 1 : 0);
  const consumption = (zeroShare: number, shape: number, scale: number, max: number) =>
    uniform() < zeroShare ? 0 : clamp(Math.round(gamma(shape, 1 / scale)), 0, max); // stdlib's gamma takes a rate, not a scale

  for (let index = 0; index < rows; index++) {
    const sex = yes(0.519); // 1 = Female
    const age = pick(shares.age);
    const generalHealth = pick(shares.generalHealth);
    const diabetes = sex === 1 ? pick(shares.diabetes) : pick(shares.diabetes.slice(0, 3));
    const smoking = yes(0.405);
    const exercise = yes(0.775);
    // the survey asks for whole inches and whole pounds; the file holds them converted to cm and kg
    const heightInches = Math.round(clamp(normal(sex === 1 ? 64.4 : 70.2, 2.95), 36, 95));
    const height = Math.round(heightInches * 2.54);
    const weightPounds = Math.round(clamp(normal(sex === 1 ? 171 : 198.4, 43), 55, 645));
    const weight = round2(weightPounds * 0.45359237);
    const m = heartDiseaseModel;
    const logit =
      m.intercept +
      m.perAgeBand * age +
      m.perHealthStepBelowExcellent * (4 - generalHealth) +
      m.diabetes * (diabetes === 2 ? 1 : 0) +
      m.smoking * smoking +
      m.male * (sex === 0 ? 1 : 0) +
      m.noExercise * (1 - exercise);
    const row: Row = {
      General_Health: generalHealth,
      Checkup: pick(shares.checkup),
      Exercise: exercise,
      Heart_Disease: yes(1 / (1 + Math.exp(-logit))),
      Skin_Cancer: yes(0.025 + 0.011 * age),
      Other_Cancer: yes(0.025 + 0.011 * age),
      Depression: yes(0.2),
      Diabetes: diabetes,
      Arthritis: yes(0.065 + 0.04 * age),
      Sex: sex,
      Age_Category: age,
      'Height_(cm)': height,
      'Weight_(kg)': weight,
      BMI: round2(weight / (height / 100) ** 2),
      Smoking_History: smoking,
      Alcohol_Consumption: consumption(0.45, 1.2, 7.8, 30),
      Fruit_Consumption: consumption(0.03, 1.6, 19, 120),
      Green_Vegetables_Consumption: consumption(0.04, 1.4, 11.2, 128),
      FriedPotato_Consumption: consumption(0.15, 0.9, 8.2, 128),
    };
    yield mappedColumns.map((column) => row[column]);
  }
}
