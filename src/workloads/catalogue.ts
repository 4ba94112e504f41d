// The built-in workloads: every folder of guest/ with a workload.yaml, read and checked once when the tool
// starts. A mistake in one is a bug of the tool's own files, listed with its path like any other.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { DockerwasmError } from '../errors.js';
import { paths } from '../io/project-paths.js';
import { parseListingMistakes } from '../validation.js';
import { workloadDefinitionSchema, type WorkloadDefinition } from './definition.js';

export const definitionFile = 'workload.yaml';

function readDefinition(path: string): WorkloadDefinition {
  const document = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new DockerwasmError('INTERNAL', `${path} is not valid YAML`, { details: document.errors.map((e) => e.message.split('\n')[0]!) });
  }
  return parseListingMistakes(workloadDefinitionSchema, document.toJS(), `the workload definition ${path}`, 'INTERNAL');
}

function readCatalogue(root: string): WorkloadDefinition[] {
  const folders = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, definitionFile)));
  const definitions = folders.map((entry) => readDefinition(join(root, entry.name, definitionFile)));
  for (const [index, definition] of definitions.entries()) {
    if (definition.name !== folders[index]!.name) throw new DockerwasmError('INTERNAL', `${join(root, folders[index]!.name, definitionFile)} names the workload ${definition.name}, not its folder's name`);
  }
  return definitions.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every built-in workload, by name. */
export const workloads: readonly WorkloadDefinition[] = readCatalogue(paths.guestSources());
export const workloadNames: readonly string[] = workloads.map((definition) => definition.name);

export function findWorkload(name: string): WorkloadDefinition | undefined {
  return workloads.find((definition) => definition.name === name);
}
