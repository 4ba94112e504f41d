import type { Command } from 'commander';
import { relative } from 'node:path';
import { fullRowCount } from '../../datasets/cvd-schema.js';
import { defaultSeed, writeDataset } from '../../datasets/dataset-store.js';
import { paths } from '../../io/project-paths.js';
import { oneOf, wholeNumber } from '../options.js';
import { createUi } from '../ui.js';

interface DatasetOptions {
  rows?: number;
  seed: number;
  from?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('dataset')
    .argument('<name>', 'the dataset: cvd (the cardiovascular-disease table the tree workload embeds)', oneOf('dataset', ['cvd'] as const))
    .description(
      'Writes datasets/cvd-*.csv with 18 numeric features and Heart_Disease last, plus a manifest (source, seed, ' +
        'rows, columns, sha256). With --from, maps the real Kaggle CVD_cleaned.csv with the thesis\'s Appendix B; ' +
        `otherwise generates a synthetic stand-in of the same shape (${fullRowCount.toLocaleString('en-US')} rows by default), ` +
        'deterministic for a seed, in which heart disease rises with age, poor health, diabetes, smoking and male sex.',
    )
    .option('--rows <n>', `keep the first N rows (default: all ${fullRowCount.toLocaleString('en-US')} / all of --from)`, wholeNumber('--rows', 1))
    .option('--seed <s>', 'seed of the synthetic generator', wholeNumber('--seed', 0, 2 ** 32 - 1), defaultSeed)
    .option('--from <csv>', 'map the real Kaggle CVD_cleaned.csv instead of generating')
    .option('--json', 'print the manifest as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  dockerwasm dataset cvd --rows 100000\n  dockerwasm dataset cvd --from ~/Downloads/CVD_cleaned.csv')
    .action(async (_name: string, options: DatasetOptions) => {
      const ui = createUi();
      const started = performance.now();
      const manifest = await writeDataset(
        options.from !== undefined
          ? { source: 'kaggle', rows: options.rows, from: options.from }
          : { source: 'synthetic', rows: options.rows ?? fullRowCount, seed: options.seed },
      );
      const seconds = (performance.now() - started) / 1000;
      ui.info(`wrote ${relative(process.cwd(), `${paths.datasets()}/${manifest.file}`)}: ${manifest.rows.toLocaleString('en-US')} rows, ${(manifest.bytes / 1e6).toFixed(1)} MB, ${seconds.toFixed(2)} s`);
      if (options.json) ui.data(JSON.stringify(manifest, null, 2));
      else ui.data(`${manifest.file}  ${manifest.source}  rows=${manifest.rows}  sha256=${manifest.sha256}`);
    });
}
