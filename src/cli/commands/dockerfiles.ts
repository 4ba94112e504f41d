import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { allDockerfiles } from '../../dockerfiles/templates.js';
import { DockerwasmError } from '../../errors.js';
import { workloadNames } from '../../workloads/catalogue.js';
import { writeFileAtomic } from '../../io/atomic-file.js';
import { paths } from '../../io/project-paths.js';
import { createUi } from '../ui.js';

export function register(program: Command): void {
  program
    .command('dockerfiles')
    .description(
      'Writes dockerfiles/<algorithm>/Dockerfile.{linux,wasm,wasm-aot,wasm-cwasm,wasm-threads} (the forms compare builds, with ' +
        'the artifact folder as context) and Dockerfile.{linux,wasm}.multistage (the thesis\'s form, compiling in a ' +
        'rust:alpine stage, for machines that can pull it). --check only verifies the files are up to date.',
    )
    .option('--check', 'exit 3 when a file differs from what the tool would write')
    .action(async (options: { check?: boolean }) => {
      const ui = createUi();
      const stale: string[] = [];
      for (const [path, text] of allDockerfiles(workloadNames)) {
        const file = join(paths.dockerfiles(), path);
        const current = await readFile(file, 'utf8').catch(() => undefined);
        if (current === text) continue;
        stale.push(relative(process.cwd(), file));
        if (!options.check) await writeFileAtomic(file, text);
      }
      if (options.check && stale.length > 0) {
        throw new DockerwasmError('INPUT', `${stale.length} Dockerfile(s) out of date`, { details: stale, hint: 'run `dockerwasm dockerfiles`' });
      }
      ui.data(stale.length === 0 ? 'dockerfiles/ is up to date' : `${options.check ? 'stale' : 'wrote'}: ${stale.join(', ')}`);
    });
}
