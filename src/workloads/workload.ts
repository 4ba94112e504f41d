// A workload as a run names it, as env.json records it: a built-in workload's name and a value for each of
// its knobs ({ "algorithm": "kmeans", "observations": 1000000 }), or a user's program by its folder (or its
// two builds) and its arguments ({ "algorithm": "wordfreq", "program": "/abs/examples/c-wordfreq" }).
// Everything here reads the definitions, so a new workload needs no code.
import { resolve } from 'node:path';
import { z } from 'zod';
import { findWorkload, workloadNames, workloads } from './catalogue.js';
import { isBuiltIn, knobValueSchema, type Knob, type KnobValues, type WorkloadDefinition } from './definition.js';
import { prebuiltDefinition, programDefinition } from './program.js';

export interface Workload {
  /** the workload's name (the key is env.json's) */
  readonly algorithm: string;
  /** a user's program: its folder */
  readonly program?: string;
  /** a user's program built elsewhere: its native executable and its module */
  readonly native?: string;
  readonly wasm?: string;
  /** a user's program: its arguments, when the command line gave them (else its dockerwasm.yaml's) */
  readonly args?: readonly string[];
  readonly [knob: string]: number | string | readonly string[] | undefined;
}

/** A workload as a results directory recorded it: what a report reads, by the catalogue alone (a program's folder may be gone). */
export type RecordedWorkload = { readonly algorithm: string; readonly [key: string]: unknown };

/** The reserved keys of a workload that are not knobs. */
const programKeys = ['program', 'native', 'wasm', 'args'] as const;

export const isProgram = (workload: Pick<Workload, 'program' | 'native'>) => workload.program !== undefined || workload.native !== undefined;

/** The definition of a workload: a built-in one's, or read from a user's program; a name the catalogue does not have is a bug past the edge. */
export function definitionOf(workload: Pick<Workload, 'algorithm' | 'program' | 'native' | 'wasm'>): WorkloadDefinition {
  if (workload.program !== undefined) return programDefinition(workload.program);
  if (workload.native !== undefined && workload.wasm !== undefined) return prebuiltDefinition(workload.native, workload.wasm);
  const definition = findWorkload(workload.algorithm);
  if (definition === undefined) throw new Error(`no built-in workload is named ${workload.algorithm}`);
  return definition;
}

/** Which workloads have a knob of this name. */
export const ownersOf = (knob: string): string[] => workloads.filter((w) => w.knobs.some((k) => k.name === knob)).map((w) => w.name);

/** Every knob name of every workload, each once, in catalogue order. */
export const allKnobs = (): Knob[] => [...new Map(workloads.flatMap((w) => w.knobs.map((k) => [k.name, k] as const))).values()];

/** The workload with every knob it has (defaults filled in from `defaults`, then the definition's) and none it does not. */
export function completeWorkload(given: { algorithm: string } & Partial<KnobValues> & Pick<Workload, (typeof programKeys)[number]>, defaults: KnobValues = {}): Workload {
  const definition = definitionOf(given);
  const values = Object.fromEntries(definition.knobs.map((knob) => [knob.name, given[knob.name] ?? defaults[knob.name] ?? knob.default]));
  // a program's paths as absolute ones: a results directory says where its program was
  const program = Object.fromEntries(programKeys.flatMap((key) => (given[key] === undefined ? [] : [[key, key === 'args' ? given[key] : resolve(String(given[key]))]])));
  return { algorithm: definition.name, ...program, ...values };
}

/** Names the experiment, every knob in it: kmeans-obs1000000, linreg-iris, tree-rows100000. */
export function workloadLabel(workload: RecordedWorkload): string {
  const definition = findWorkload(workload.algorithm);
  if (definition === undefined) return workload.algorithm;
  return [definition.name, ...definition.knobs.map((knob) => `${knob.label}${workload[knob.name]}`)].join('-');
}

/** Names the build: only the knobs built into the program make a different build (tree-rows100000, kmeans). */
export function buildKey(workload: Workload): string {
  const definition = definitionOf(workload);
  return [definition.name, ...definition.knobs.filter((knob) => isBuiltIn(definition, knob)).map((knob) => `${knob.label}${workload[knob.name]}`)].join('-');
}

/** The value of the knob that scales the work, or null when the workload has none. */
export function workloadScale(workload: RecordedWorkload): number | null {
  const scale = findWorkload(workload.algorithm)?.scale;
  const value = scale === undefined ? undefined : workload[scale];
  return typeof value === 'number' ? value : null;
}

/** What the scaling knob counts ("rows"), for a chart's axis. */
export function scaleUnit(workload: RecordedWorkload): string | null {
  const definition = findWorkload(workload.algorithm);
  const knob = definition?.knobs.find((k) => k.name === definition.scale);
  return knob ? (knob.unit ?? knob.name) : null;
}

/** The arguments the program gets when it runs: each knob that is not built in, as `<argument> <value>`; a user's program its own. */
export function guestArguments(workload: Workload): string[] {
  const definition = definitionOf(workload);
  const knobs = definition.knobs.flatMap((knob) => (knob.argument === undefined ? [] : [knob.argument, String(workload[knob.name])]));
  return [...knobs, ...(workload.args ?? definition.run.args)];
}

/**
 * A workload as a person writes it (a name and some knobs), checked against its definition: an unknown
 * workload, a knob it does not have, a value out of range, each an issue with its path. `defaults` gives
 * a kind of run its own sizes; `extra` keys (a spec's `thesis`) are checked by their own schemas and kept.
 */
export function workloadSchemaWith<Extra extends z.ZodRawShape = {}>(options: { defaults?: (definition: WorkloadDefinition) => KnobValues; extra?: Extra } = {}) {
  const extra = (options.extra ?? {}) as Extra;
  const path = z.string().min(1);
  return z
    .object({
      // a program's name is its definition's; a built-in workload is named
      algorithm: z.string().optional(),
      program: path.optional(),
      native: path.optional(),
      wasm: path.optional(),
      args: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
      ...extra,
    })
    .catchall(z.unknown())
    .superRefine((given, context) => {
      let definition: WorkloadDefinition;
      if (given.program !== undefined || given.native !== undefined || given.wasm !== undefined) {
        if (given.program !== undefined ? given.native !== undefined || given.wasm !== undefined : given.native === undefined || given.wasm === undefined) {
          context.addIssue({ code: 'custom', path: [], message: 'a program is a folder (program) or a native executable and a module (native and wasm)' });
          return;
        }
        try {
          definition = definitionOf(given as Workload);
        } catch (error) {
          const details = (error as { details?: string[] }).details ?? [];
          context.addIssue({ code: 'custom', path: [given.program !== undefined ? 'program' : 'native'], message: [(error as Error).message, ...details].join('; ') });
          return;
        }
        if (given.algorithm !== undefined && given.algorithm !== definition.name) context.addIssue({ code: 'custom', path: ['algorithm'], message: `the program is named ${definition.name}` });
      } else {
        if (given.args !== undefined) context.addIssue({ code: 'custom', path: ['args'], message: 'a built-in workload takes its knobs, not arguments' });
        const found = typeof given.algorithm === 'string' ? findWorkload(given.algorithm) : undefined;
        if (found === undefined) {
          context.addIssue({ code: 'custom', path: ['algorithm'], message: `Invalid option: expected one of ${workloadNames.map((n) => `"${n}"`).join('|')}, or a program` });
          return;
        }
        definition = found;
      }
      const unknown: string[] = [];
      for (const [key, value] of Object.entries(given)) {
        if (key === 'algorithm' || (programKeys as readonly string[]).includes(key) || key in extra) continue;
        const knob = definition.knobs.find((k) => k.name === key);
        if (knob === undefined) {
          const owners = ownersOf(key);
          if (owners.length === 0) unknown.push(key);
          else context.addIssue({ code: 'custom', path: [key], message: `only the ${owners.join(' and ')} workload${owners.length > 1 ? 's have' : ' has'} ${allKnobs().find((k) => k.name === key)!.noun ?? key}` });
          continue;
        }
        const parsed = knobValueSchema(knob).safeParse(value);
        if (!parsed.success) for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: [key, ...issue.path] } as Parameters<typeof context.addIssue>[0]);
      }
      if (unknown.length > 0) context.addIssue({ code: 'unrecognized_keys', keys: unknown, path: [], message: `unknown keys ${unknown.join(', ')}` });
    })
    .transform((given) => {
      const kept = Object.fromEntries(Object.keys(extra).flatMap((key) => (given[key] === undefined ? [] : [[key, given[key]]]))) as Partial<z.output<z.ZodObject<Extra>>>;
      const rest = Object.fromEntries(Object.entries(given).filter(([key]) => !(key in extra))) as { algorithm: string } & KnobValues;
      const definition = definitionOf(rest);
      return { ...completeWorkload({ ...rest, algorithm: definition.name }, options.defaults?.(definition)), ...kept };
    });
}

/** A workload as a person writes it, the definition's defaults filled in. */
export const workloadSchema = workloadSchemaWith() as unknown as z.ZodType<Workload, { algorithm: string; [knob: string]: unknown }>;
export type WorkloadInput = { algorithm?: string } & Partial<KnobValues> & Pick<Workload, (typeof programKeys)[number]>;
