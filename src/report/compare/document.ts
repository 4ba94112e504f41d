// summary.json of a compare run: every figure of one results directory, summarised once from its raw records.
import type { SavedCompareSettings } from '../../config/compare-settings.js';
import type { CompareRecord } from '../../results/compare-records.js';
import { definitions } from '../../results/definitions.js';
import type { CompareEnvironment } from '../../results/environment.js';
import type { SummaryDocument } from '../../results/summaries.js';
import { summarise } from './summarise.js';

export function summaryDocument(env: CompareEnvironment, settings: SavedCompareSettings, records: CompareRecord[], complete: boolean): SummaryDocument {
  return {
    schema: 1,
    complete,
    workload: { ...settings.workload, label: env.label },
    settings,
    definitions,
    summary: summarise({ records, variants: env.variants, images: env.images }),
  };
}
