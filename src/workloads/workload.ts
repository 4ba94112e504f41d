// A workload as a run names it: a built-in workload's name and a value for each of its knobs, as env.json
// records it ({ "algorithm": "kmeans", "observations": 1000000 }). Everything here reads the definitions,
// so a new workload needs no code.
import { z } from 'zod';
import { findWorkload, workloadNames, workloads } from './catalogue.js';
import { isBuiltIn, knobValueSchema, type Knob, type KnobValues, type WorkloadDefinition } from './definition.js';

export interface Workload {
  /** the workload's name (the key is env.json's) */
  readonly algorithm: string;
  readonly [knob: string]: number | string;
}

/** The definition of a workload; a name the catalogue does not have is a bug past the edge. */
export function definitionOf(workload: Pick<Workload, 'algorithm'>): WorkloadDefinition {
  const definition = findWorkload(workload.algorithm);
  if (definition === undefined) throw new Error(`no built-in workload is named ${workload.algorithm}`);
  return definition;
}

/** Which workloads have a knob of this name. */
export const ownersOf = (knob: string): string[] => workloads.filter((w) => w.knobs.some((k) => k.name === knob)).map((w) => w.name);

/** Every knob name of every workload, each once, in catalogue order. */
export const allKnobs = (): Knob[] => [...new Map(workloads.flatMap((w) => w.knobs.map((k) => [k.name, k] as const))).values()];

/** The workload with every knob it has (defaults filled in from `defaults`, then the definition's) and none it does not. */
export function completeWorkload(given: { algorithm: string } & Partial<KnobValues>, defaults: KnobValues = {}): Workload {
  const definition = definitionOf(given);
  const values = Object.fromEntries(definition.knobs.map((knob) => [knob.name, given[knob.name] ?? defaults[knob.name] ?? knob.default]));
  return { algorithm: definition.name, ...values };
}

/** Names the experiment, every knob in it: kmeans-obs1000000, linreg-iris, tree-rows100000. */
export function workloadLabel(workload: Workload): string {
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
export function workloadScale(workload: Workload): number | null {
  const scale = findWorkload(workload.algorithm)?.scale;
  const value = scale === undefined ? undefined : workload[scale];
  return typeof value === 'number' ? value : null;
}

/** What the scaling knob counts ("rows"), for a chart's axis. */
export function scaleUnit(workload: Workload): string | null {
  const definition = findWorkload(workload.algorithm);
  const knob = definition?.knobs.find((k) => k.name === definition.scale);
  return knob ? (knob.unit ?? knob.name) : null;
}

/** The arguments the program gets when it runs: each knob that is not built in, as `<argument> <value>`. */
export function guestArguments(workload: Workload): string[] {
  return definitionOf(workload).knobs.flatMap((knob) => (knob.argument === undefined ? [] : [knob.argument, String(workload[knob.name])]));
}

/**
 * A workload as a person writes it (a name and some knobs), checked against its definition: an unknown
 * workload, a knob it does not have, a value out of range, each an issue with its path. `defaults` gives
 * a kind of run its own sizes; `extra` keys (a spec's `thesis`) are checked by their own schemas and kept.
 */
export function workloadSchemaWith<Extra extends z.ZodRawShape = {}>(options: { defaults?: (definition: WorkloadDefinition) => KnobValues; extra?: Extra } = {}) {
  const extra = (options.extra ?? {}) as Extra;
  return z
    .object({ algorithm: z.enum(workloadNames as [string, ...string[]]), ...extra })
    .catchall(z.unknown())
    .superRefine((given, context) => {
      const definition = definitionOf(given as { algorithm: string });
      const unknown: string[] = [];
      for (const [key, value] of Object.entries(given)) {
        if (key === 'algorithm' || key in extra) continue;
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
      const knobs = Object.fromEntries(Object.entries(given).filter(([key]) => !(key in extra))) as { algorithm: string } & KnobValues;
      return { ...completeWorkload(knobs, options.defaults?.(definitionOf(knobs))), ...kept };
    });
}

/** A workload as a person writes it, the definition's defaults filled in. */
export const workloadSchema = workloadSchemaWith() as unknown as z.ZodType<Workload, { algorithm: string; [knob: string]: unknown }>;
export type WorkloadInput = { algorithm: string } & Partial<KnobValues>;
