// The Kaggle "Cardiovascular Diseases Risk Prediction" file (CVD_cleaned.csv) and the thesis's mapping of
// its categories to numbers (Appendix B). The workload reads 18 numeric features with Heart_Disease last.

export const sourceColumns = [
  'General_Health',
  'Checkup',
  'Exercise',
  'Heart_Disease',
  'Skin_Cancer',
  'Other_Cancer',
  'Depression',
  'Diabetes',
  'Arthritis',
  'Sex',
  'Age_Category',
  'Height_(cm)',
  'Weight_(kg)',
  'BMI',
  'Smoking_History',
  'Alcohol_Consumption',
  'Fruit_Consumption',
  'Green_Vegetables_Consumption',
  'FriedPotato_Consumption',
] as const;

export type SourceColumn = (typeof sourceColumns)[number];

export const targetColumn = 'Heart_Disease' satisfies SourceColumn;

/** The columns of the mapped file, in order: every feature in source order, then the target. */
export const mappedColumns: readonly SourceColumn[] = [
  ...sourceColumns.filter((column) => column !== targetColumn),
  targetColumn,
];

/** the full file's row count, which the thesis's "Tree2" used */
export const fullRowCount = 308_854;

const noYes = { No: 0, Yes: 1 } as const;

/** Appendix B of the thesis: every categorical column and the number each value becomes. */
export const categoryMaps: Partial<Record<SourceColumn, Readonly<Record<string, number>>>> = {
  General_Health: { Poor: 0, Fair: 1, Good: 2, 'Very Good': 3, Excellent: 4 },
  Checkup: {
    Never: 0,
    'Within the past year': 1,
    'Within the past 2 years': 2,
    'Within the past 5 years': 3,
    '5 or more years ago': 4,
  },
  Exercise: noYes,
  Heart_Disease: noYes,
  Skin_Cancer: noYes,
  Other_Cancer: noYes,
  Depression: noYes,
  Diabetes: {
    No: 0,
    'No, pre-diabetes or borderline diabetes': 1,
    Yes: 2,
    'Yes, but female told only during pregnancy': 3,
  },
  Arthritis: noYes,
  Sex: { Male: 0, Female: 1 },
  Age_Category: Object.fromEntries(
    ['18-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80+'].map(
      (band, index) => [band, index],
    ),
  ),
  Smoking_History: noYes,
};
