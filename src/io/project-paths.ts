// Where the tool keeps what it makes. Everything lives under the project root (the folder holding
// package.json), or under DOCKERWASM_HOME when set, so the tool never writes elsewhere.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../errors.js';

function findPackageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}

/** the installed tool's own folder: guest sources, Dockerfile templates */
export const packageRoot = findPackageRoot();

/** the working folder for datasets, artifacts, results (DOCKERWASM_HOME, else the package root) */
export function workRoot(): string {
  return resolve(process.env.DOCKERWASM_HOME ?? packageRoot);
}

export const paths = {
  guestSources: () => join(packageRoot, 'guest'),
  datasets: () => join(workRoot(), 'datasets'),
  artifacts: () => join(workRoot(), 'artifacts'),
  dockerfiles: () => join(workRoot(), 'dockerfiles'),
  results: () => join(workRoot(), 'results'),
};

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const path = relative(resolve(parent), resolve(child));
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/**
 * Resolves an output folder given by the user. A folder outside the work root is refused unless the
 * user said so explicitly with `allowOutside` (the --out-anywhere flag), so a typo cannot write into /etc.
 */
export function resolveOutputDir(given: string, allowOutside: boolean, what = '--out'): string {
  const path = resolve(given);
  if (!allowOutside && !isInside(workRoot(), path)) {
    throw usageError(
      `${what} ${given} is outside the project folder ${workRoot()}`,
      'pass --out-anywhere to write there on purpose, or set DOCKERWASM_HOME',
    );
  }
  return path;
}
