// summary.json: every figure of one results directory, summarised once from its raw records.
import type { Workload } from '../config/settings.js';
import { definitions } from '../results/definitions.js';
import type { EnvironmentFile } from '../results/environment-file.js';
import type { SampleRecord } from '../results/records.js';
import { summarise, type Summary } from './summarise.js';

export interface SummaryDocument {
  schema: 1;
  /** the run measured its whole plan */
  complete: boolean;
  workload: Workload & { label: string };
  settings: EnvironmentFile['settings'];
  definitions: typeof definitions;
  summary: Summary;
}

export function summaryDocument(env: EnvironmentFile, records: SampleRecord[], complete: boolean): SummaryDocument {
  return {
    schema: 1,
    complete,
    workload: { ...env.settings.workload, label: env.label },
    settings: env.settings,
    definitions,
    summary: summarise({ records, variants: env.variants, images: env.images }),
  };
}
