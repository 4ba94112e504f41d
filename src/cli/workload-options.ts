// The knobs of every workload as command-line options, made from the workload definitions (no command names
// a knob): --observations <n>, --rows <n>, --dataset <name>. A knob given to a workload that has none is
// refused in one line.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { usageError } from '../errors.js';
import type { Knob, KnobValues } from '../workloads/definition.js';
import { allKnobs, ownersOf } from '../workloads/workload.js';
import { existsSync } from 'node:fs';
import { suggestion } from '../config/closest-name.js';
import { workloadNames, workloads } from '../workloads/catalogue.js';
import { programDefinition } from '../workloads/program.js';
import { oneOf, wholeNumber } from './options.js';

const flagOf = (knob: Knob) => `--${knob.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** One value of a knob, checked against the widest range any workload gives it (its own range is checked when the settings are). */
function valueParser(knob: Knob): (text: string) => number | string {
  const all = workloads.flatMap((w) => w.knobs.filter((k) => k.name === knob.name));
  if (knob.type === 'choice') return oneOf(flagOf(knob), [...new Set(all.flatMap((k) => (k.type === 'choice' ? k.choices : [])))]);
  const ranges = all.flatMap((k) => (k.type === 'integer' ? [k] : []));
  return wholeNumber(flagOf(knob), Math.min(...ranges.map((k) => k.min)), Math.max(...ranges.map((k) => k.max)));
}

function listParser(knob: Knob): (text: string) => (number | string)[] {
  const one = valueParser(knob);
  return (text) => {
    const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length === 0) throw new InvalidArgumentError(`${flagOf(knob)} needs at least one value, e.g. ${knob.default},${knob.default}`);
    return parts.map(one);
  };
}

export interface KnobOptionsShape {
  /** each knob takes a comma-separated list (one cell per value) */
  list?: boolean;
  /** the default a command gives a knob of a workload, for its help; undefined: the definition's */
  defaultOf?: (owner: string, knob: Knob) => string | number | undefined;
  /** which knobs the command takes (all by default) */
  only?: (knob: Knob) => boolean;
}

export function addKnobOptions(command: Command, shape: KnobOptionsShape = {}): Command {
  for (const knob of allKnobs().filter(shape.only ?? (() => true))) {
    const owners = ownersOf(knob.name);
    const defaults = owners.map((owner) => shape.defaultOf?.(owner, knob) ?? workloads.find((w) => w.name === owner)!.knobs.find((k) => k.name === knob.name)!.default);
    const placeholder = knob.type === 'integer' ? (shape.list ? '<list>' : '<n>') : shape.list ? '<names>' : '<name>';
    const help = `${owners.join(', ')}: ${knob.help}${shape.list ? ', one cell per value' : ''} (default ${[...new Set(defaults)].join(' / ')})`;
    const parse: (text: string) => unknown = shape.list ? listParser(knob) : valueParser(knob);
    command.option(`${flagOf(knob)} ${placeholder}`, help, parse);
  }
  return command;
}

/** The knob values given on the command line, by knob name (options commander parsed). */
export function givenKnobs(options: object): Record<string, unknown> {
  const given = options as Record<string, unknown>;
  return Object.fromEntries(allKnobs().flatMap((knob) => (given[knob.name] === undefined ? [] : [[knob.name, given[knob.name]]])));
}

/** The knobs given on the command line, each refused in one line when the workload named has none of that name. */
export function knobsOf(workload: string, options: object): Record<string, unknown> {
  const given = givenKnobs(options);
  for (const knob of allKnobs().filter((k) => given[k.name] !== undefined)) {
    const owners = ownersOf(knob.name);
    if (!owners.includes(workload)) throw usageError(`${flagOf(knob)} applies to ${owners.join(', ')} only, not ${workload}`);
  }
  return given;
}

/** The workload named on the command line, with only the knobs given there. */
export function workloadFrom(name: string, options: object): { algorithm: string } & Partial<KnobValues> {
  return { algorithm: name, ...knobsOf(name, options) } as { algorithm: string } & Partial<KnobValues>;
}

/** The workload argument of a command: a built-in workload's name (of `names`), or a program's folder (a path). */
export function workloadArgument(text: string, names: readonly string[] = workloadNames): string {
  if (names.includes(text) || text.includes('/') || existsSync(text)) return text;
  throw new InvalidArgumentError(`workload must be one of ${names.join(', ')}, or a program's folder, got '${text}'${suggestion(text, names)}`);
}

export interface ProgramOptions {
  native?: string;
  wasm?: string;
}

/** Adds the options of a program built elsewhere: --native and --wasm. */
export function addProgramOptions(command: Command): Command {
  return command
    .option('--native <executable>', 'your program, built natively (static, or with --base a base it runs on), with --wasm: measured as it is')
    .option('--wasm <module.wasm>', 'your program, built for wasm32-wasip1 (any language), with --native');
}

/**
 * The workload the command line names: a built-in workload with its knobs; a program's folder, or its two
 * builds (--native, --wasm), with its arguments (after --). Also the timeout its dockerwasm.yaml gives, if any.
 */
export function workloadGiven(name: string | undefined, options: ProgramOptions & object, args: readonly string[]): { workload: Record<string, unknown>; timeoutSeconds?: number } {
  const programArgs = args.length > 0 ? { args: [...args] } : {};
  if (options.native !== undefined || options.wasm !== undefined) {
    if (options.native === undefined || options.wasm === undefined) throw usageError('a program built elsewhere takes both --native <executable> and --wasm <module.wasm>');
    if (name !== undefined) throw usageError(`--native and --wasm are the program: name no workload (got '${name}'); its arguments go after --`);
    knobsOf('a prebuilt program', options);
    return { workload: { native: options.native, wasm: options.wasm, ...programArgs } };
  }
  if (name === undefined) throw usageError(`name a workload (${workloadNames.join(', ')}), or a program's folder, or --native and --wasm`);
  if (workloadNames.includes(name)) {
    if (args.length > 0) throw usageError(`${name} is a built-in workload: it takes its knobs as options, not arguments (got ${args.join(' ')})`);
    return { workload: workloadFrom(name, options) };
  }
  knobsOf(name, options);
  const timeout = programDefinition(name).run.timeoutSeconds;
  return { workload: { program: name, ...programArgs }, ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}) };
}
