import type { Command } from 'commander';
import { defaults } from '../../config/compare-settings.js';
import { makeStandInBase, resolveLinuxBase, standInBase } from '../../engine/base-image.js';
import { megabytes } from '../../report/format.js';
import { withEngine } from '../engine-session.js';
import { createUi } from '../ui.js';

interface BaseOptions {
  force?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('base')
    .description(
      `Makes ${standInBase}: a root filesystem holding the host's static busybox (Debian's busybox-static), ` +
        `\`docker import\`ed. compare uses the configured base (--base, default ${defaults.base}) when it is present or ` +
        'pullable and this stand-in otherwise; every result records which base it used.',
    )
    .option('--force', 'make it again even when it exists')
    .option('--json', 'print the base image as JSON on stdout')
    .action(async (options: BaseOptions) => {
      const ui = createUi();
      const base = await withEngine(async ({ engine }) => {
        if (options.force) await makeStandInBase(engine);
        return resolveLinuxBase(engine, { configured: standInBase, onProgress: ui.info });
      });
      if (options.json) ui.data(JSON.stringify(base, null, 2));
      else ui.data(`${base.reference}  ${base.id.slice(0, 19)}  ${megabytes(base.contentBytes)} MB content, ${megabytes(base.uncompressedBytes)} MB unpacked`);
    });
}
