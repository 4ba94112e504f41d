// The knobs of every workload as command-line options, made from the workload definitions (no command names
// a knob): --observations <n>, --rows <n>, --dataset <name>. A knob given to a workload that has none is
// refused in one line.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { usageError } from '../errors.js';
import type { Knob, KnobValues } from '../workloads/definition.js';
import { allKnobs, ownersOf } from '../workloads/workload.js';
import { workloads } from '../workloads/catalogue.js';
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
