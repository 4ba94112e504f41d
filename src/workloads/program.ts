// A user's program as a workload definition: made from what its folder holds (Cargo.toml: Rust, go.mod: Go,
// *.c: C) and its optional dockerwasm.yaml, or from a native executable and a module built elsewhere. The
// rest of the tool reads it as it reads a built-in workload's definition.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DockerwasmError, usageError } from '../errors.js';
import { parseListingMistakes } from '../validation.js';
import { workloadNames } from './catalogue.js';
import type { ProgramSource, WorkloadDefinition } from './definition.js';
import { readElf } from './elf.js';
import { programFileName, programFileSchema, type ProgramFile } from './program-file.js';

/** A name from a folder's or a file's: lower case, dashes for anything else, a letter first. */
export function nameFrom(text: string): string {
  const name = text.toLowerCase().replace(/\.[a-z0-9]+$/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(name) ? name : `program-${name || 'x'}`;
}

function readProgramFile(folder: string): ProgramFile {
  const path = join(folder, programFileName);
  if (!existsSync(path)) return {};
  const document = parseDocument(readFileSync(path, 'utf8'), { prettyErrors: true });
  if (document.errors.length > 0) throw new DockerwasmError('USAGE', `${path} is not valid YAML`, { details: document.errors.map((e) => e.message.split('\n')[0]!) });
  return parseListingMistakes(programFileSchema, document.toJS() ?? {}, path);
}

/** The files a program reads, each file of a folder named in `files` listed, relative to its folder. */
function inputFiles(folder: string, given: readonly string[], source: string): string[] {
  const missing = given.filter((path) => !existsSync(join(folder, path)));
  if (missing.length > 0) throw new DockerwasmError('USAGE', `${source}: files not in ${folder}`, { details: missing });
  const walk = (path: string): string[] =>
    statSync(join(folder, path)).isDirectory() ? readdirSync(join(folder, path)).sort().flatMap((entry) => walk(join(path, entry))) : [path];
  return [...new Set(given.flatMap(walk))];
}

function languageOf(folder: string, file: ProgramFile): ProgramSource['language'] {
  if (file.native !== undefined) return 'prebuilt';
  if (file.language) return file.language;
  if (existsSync(join(folder, 'Cargo.toml'))) return 'rust';
  if (existsSync(join(folder, 'go.mod'))) return 'go';
  if (readdirSync(folder).some((entry) => entry.endsWith('.c'))) return 'c';
  throw usageError(`${folder} holds no Cargo.toml, go.mod or *.c: nothing dockerwasm knows how to build`, `build it yourself and give both builds: --native <executable> --wasm <module.wasm>, or say its language in ${programFileName}`);
}

function checkName(name: string, where: string): void {
  if (workloadNames.includes(name)) throw usageError(`${where}: ${name} is the name of a built-in workload`, `name it in ${programFileName} (name: my-${name})`);
}

const languageNames: Record<ProgramSource['language'], string> = { rust: 'Rust program', go: 'Go program', c: 'C program', prebuilt: 'program built elsewhere' };

const definitions = new Map<string, WorkloadDefinition>();

/** The definition of the program in `folder` (read once per process). */
export function programDefinition(given: string): WorkloadDefinition {
  const folder = resolve(given);
  const known = definitions.get(folder);
  if (known) return known;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DockerwasmError('INPUT', `${given}: no such folder`);
  const file = readProgramFile(folder);
  const language = languageOf(folder, file);
  const name = file.name ?? nameFrom(basename(folder));
  checkName(name, folder);
  const sourceLabel = existsSync(join(folder, programFileName)) ? join(folder, programFileName) : folder;
  let source: ProgramSource;
  if (language === 'prebuilt') {
    source = { language, ...checkedBuilds(join(folder, file.native!), join(folder, file.wasm!), [`${sourceLabel} native:`, `${sourceLabel} wasm:`]), folder };
  } else if (language === 'c') {
    const files = file.sources ?? readdirSync(folder).filter((entry) => entry.endsWith('.c')).sort();
    const missing = files.filter((path) => !existsSync(join(folder, path)));
    if (files.length === 0 || missing.length > 0) throw new DockerwasmError('USAGE', `${sourceLabel}: C sources not in ${folder}`, { details: missing.length ? missing : ['none: name them with sources:'] });
    source = { language, folder, files, flags: file.cflags ?? [] };
  } else if (language === 'go') {
    source = { language, folder, package: file.package ?? '.' };
  } else {
    source = { language, folder, ...(file.package ? { package: file.package } : {}) };
  }
  const definition: WorkloadDefinition = {
    name,
    description: file.description ?? `${languageNames[language]} in ${relative(process.cwd(), folder) || '.'}`,
    source,
    result: file.result ?? 'stdout',
    run: { args: file.args ?? [], env: file.env ?? [], files: inputFiles(folder, file.files ?? [], sourceLabel), ...(file.timeout ? { timeoutSeconds: file.timeout } : {}) },
    knobs: [],
    sizes: { density: {} },
  };
  definitions.set(folder, definition);
  return definition;
}

/** Two builds made elsewhere, refused when they are not what they are said to be: an ELF executable, a wasm module. */
function checkedBuilds(native: string, wasm: string, labels: readonly [string, string]): { native: string; wasm: string } {
  const [nativePath, wasmPath] = [resolve(native), resolve(wasm)];
  for (const [label, path] of [[labels[0], nativePath], [labels[1], wasmPath]] as const) {
    if (!existsSync(path) || !statSync(path).isFile()) throw new DockerwasmError('INPUT', `${label} ${path}: no such file`);
  }
  const elf = readElf(nativePath);
  if (typeof elf === 'string') throw usageError(`${labels[0]} ${native}: ${elf}`);
  if (!readFileSync(wasmPath).subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]))) throw usageError(`${labels[1]} ${wasm}: not a WebAssembly module (no \\0asm header)`);
  return { native: nativePath, wasm: wasmPath };
}

/** The definition of a native executable and a module built elsewhere, given on the command line. */
export function prebuiltDefinition(native: string, wasm: string): WorkloadDefinition {
  const key = `${resolve(native)}\0${resolve(wasm)}`;
  const known = definitions.get(key);
  if (known) return known;
  const builds = checkedBuilds(native, wasm, ['--native', '--wasm']);
  const name = nameFrom(basename(builds.native));
  checkName(name, native);
  const definition: WorkloadDefinition = {
    name,
    description: `${basename(builds.native)} and ${basename(builds.wasm)}, built outside dockerwasm`,
    source: { language: 'prebuilt', ...builds },
    result: 'stdout',
    run: { args: [], env: [], files: [] },
    knobs: [],
    sizes: { density: {} },
  };
  definitions.set(key, definition);
  return definition;
}

/** The folder a program reads its files from (a prebuilt pair reads none). */
export const programFolder = (definition: WorkloadDefinition): string | null => ('folder' in definition.source ? (definition.source.folder ?? null) : null);
