import type { Command } from 'commander';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { removeLeftoverCgroups } from '../../engine/cgroup-accounting.js';
import { removeLeftoverNamespaces } from '../../engine/containerd-namespace.js';
import { findLeftovers, removeLeftovers } from '../../engine/leftovers.js';
import { paths } from '../../io/project-paths.js';
import { withEngine } from '../engine-session.js';
import { createUi } from '../ui.js';

interface CleanOptions {
  images?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Half-written files (`*.partial`) under the tool's folders: what an interrupted write leaves. */
async function partialFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const root of [paths.datasets(), paths.artifacts(), paths.results()]) {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.partial') && !entry.parentPath.includes('.cargo-target')) found.push(join(entry.parentPath, entry.name));
    }
  }
  return found;
}

export function register(program: Command): void {
  program
    .command('clean')
    .description(
      'Removes every container carrying the dockerwasm label (a run still going on this host keeps its own), ' +
        'with --images also the labelled images (experiment images kept with --keep-images, probe images and the ' +
        'busybox stand-in base), the empty parent cgroups (/sys/fs/cgroup/**/dockerwasm-<pid>-*) a killed run left, and ' +
        'half-written *.partial files under datasets/, artifacts/ and results/.',
    )
    .option('--images', 'remove labelled images too')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print what was found and done as JSON on stdout')
    .action(async (options: CleanOptions) => {
      const ui = createUi();
      const report = await withEngine(async ({ engine }) => {
        const found = await findLeftovers(engine, options.images ?? false);
        return options.dryRun ? found : removeLeftovers(engine, found);
      });
      const partial = await partialFiles();
      if (!options.dryRun) for (const file of partial) await rm(file, { force: true });
      // containerd namespaces a killed OCI Wasm image test or bench left (their cgroups go with them)
      const { namespaces, shimStateOnly } = options.dryRun ? { namespaces: [], shimStateOnly: [] } : await removeLeftoverNamespaces();
      const cgroups = options.dryRun ? [] : removeLeftoverCgroups();
      if (options.json) {
        ui.data(JSON.stringify({ dryRun: options.dryRun ?? false, docker: report, partialFiles: partial, containerdNamespaces: namespaces, shimStateFolders: shimStateOnly, cgroups }, null, 2));
        return;
      }
      const verb = options.dryRun ? 'would remove' : 'removed';
      for (const item of report) {
        const name = item.names[0] ?? item.id.slice(0, 12);
        if (item.kept) ui.data(`kept ${item.type} ${name}: ${item.kept}`);
        else if (item.error) ui.data(`could not remove ${item.type} ${name}: ${item.error}`);
        else ui.data(`${verb} ${item.type} ${name} (${item.kind}${item.state ? `, ${item.state}` : ''})`);
      }
      for (const file of partial) ui.data(`${verb} ${file}`);
      for (const namespace of namespaces) ui.data(`removed containerd namespace ${namespace}`);
      for (const namespace of shimStateOnly) ui.data(`removed the shims' state folders of containerd namespace ${namespace} (the namespace was already gone)`);
      for (const cgroup of cgroups) ui.data(`removed cgroup ${cgroup}`);
      if (report.length === 0 && partial.length === 0 && namespaces.length === 0 && shimStateOnly.length === 0 && cgroups.length === 0) ui.data('nothing to clean');
    });
}
