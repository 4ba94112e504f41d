// A table as every renderer takes it: a head and rows of already formatted cells (pure).
export interface TableData {
  head: string[];
  rows: string[][];
}

export type TitledTable = TableData & { title: string };
