// What a workload is, as data: its source, the knobs a run may set (with their ranges and defaults), how
// each knob reaches the program, how it runs (its arguments, environment and input files) and how its
// result is read. A built-in workload is a folder of guest/ with its source and a workload.yaml of this
// shape; a user's program (programs/) is a definition made from its folder. Nothing else in the tool names either.
import { z } from 'zod';

const knobName = z.string().regex(/^[a-z][a-zA-Z]*$/, 'a lower-case name: letters only');

const knobCommon = {
  name: knobName,
  /** how a sentence names it when it is given to a workload that has none: "only the linreg workload has a dataset" */
  noun: z.string().min(1).optional(),
  /** what goes before its value in a label: kmeans-obs1000000 ("obs"), linreg-iris ("") */
  label: z.string(),
  help: z.string().min(1),
  /** what its values count, for a chart's axis ("observations per centroid") */
  unit: z.string().min(1).optional(),
  /** the program's option that gets the value at run time (`--observations 1000`); a knob without one is built in */
  argument: z.string().regex(/^--[a-z][a-z-]*$/).optional(),
};

export const knobSchema = z.discriminatedUnion('type', [
  z.object({ ...knobCommon, type: z.literal('integer'), min: z.number().int(), max: z.number().int(), default: z.number().int() }).strict(),
  z.object({ ...knobCommon, type: z.literal('choice'), choices: z.array(z.string().min(1)).min(1), default: z.string() }).strict(),
]);
export type Knob = z.infer<typeof knobSchema>;

/** Knob values by knob name, e.g. { observations: 1000 }. */
export type KnobValues = Readonly<Record<string, number | string>>;
const knobValuesSchema = z.record(knobName, z.union([z.number(), z.string()]));

/** A built-in workload: a package of guest/'s cargo workspace, and the other folders of guest/ it is built from. */
const builtInSourceSchema = z.object({ cargo: z.string().min(1), uses: z.array(z.string()).default([]) }).strict();

/** A user's program: its folder and its language (or a native executable and a module built elsewhere). */
export const programSourceSchema = z.discriminatedUnion('language', [
  z.object({ language: z.literal('rust'), folder: z.string(), package: z.string().optional() }).strict(),
  z.object({ language: z.literal('go'), folder: z.string(), package: z.string() }).strict(),
  z.object({ language: z.literal('c'), folder: z.string(), files: z.array(z.string()).min(1), flags: z.array(z.string()) }).strict(),
  z.object({ language: z.literal('prebuilt'), native: z.string(), wasm: z.string(), folder: z.string().optional() }).strict(),
]);
export type ProgramSource = z.infer<typeof programSourceSchema>;

export const workloadNamePattern = /^[a-z][a-z0-9-]*$/;

export const workloadDefinitionSchema = z
  .object({
    name: z.string().regex(workloadNamePattern, 'lower-case letters, digits and dashes, a letter first'),
    description: z.string().min(1),
    source: z.union([builtInSourceSchema, programSourceSchema]),
    /**
     * json-line: the program prints one JSON line with its compute time, its result and a digest of its outputs
     * (the built-in guests' protocol); stdout: its result is its whole stdout, compared by a digest
     */
    result: z.enum(['json-line', 'stdout']),
    /** how it runs beside its knobs: arguments, environment (KEY=VALUE), and files of its folder it reads by relative path */
    run: z
      .object({ args: z.array(z.string()).default([]), env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'KEY=VALUE')).default([]), files: z.array(z.string()).default([]), timeoutSeconds: z.number().int().min(1).optional() })
      .strict()
      .default({ args: [], env: [], files: [] }),
    knobs: z.array(knobSchema).default([]),
    /** the knob whose value scales the work (a number) */
    scale: knobName.optional(),
    /** a dataset built into the program: `rows` names the knob that says how many rows, `env` the variable naming the file at build time */
    dataset: z.object({ name: z.literal('cvd'), rows: knobName, env: z.string().regex(/^[A-Z][A-Z0-9_]*$/) }).strict().optional(),
    /** the sizes a kind of run uses when none is given: `density` one, `runtimes` one cell each */
    sizes: z.object({ density: knobValuesSchema.default({}), runtimes: z.array(knobValuesSchema).min(1).optional() }).strict().default({ density: {} }),
  })
  .strict()
  .superRefine((definition, context) => {
    const names = definition.knobs.map((knob) => knob.name);
    const known = (name: string, path: (string | number)[]) => {
      if (!names.includes(name)) context.addIssue({ code: 'custom', path, message: `names no knob of ${definition.name} (${names.join(', ') || 'it has none'})` });
    };
    if (definition.scale !== undefined) known(definition.scale, ['scale']);
    if (definition.dataset !== undefined) known(definition.dataset.rows, ['dataset', 'rows']);
    definition.knobs.forEach((knob, index) => {
      const builtIn = definition.dataset?.rows === knob.name;
      if (knob.argument === undefined && !builtIn) context.addIssue({ code: 'custom', path: ['knobs', index, 'argument'], message: 'a knob reaches the program as an argument, or as the rows of its dataset' });
      if (knob.type === 'integer' && (knob.default < knob.min || knob.default > knob.max)) context.addIssue({ code: 'custom', path: ['knobs', index, 'default'], message: `outside ${knob.min}..${knob.max}` });
      if (knob.type === 'choice' && !knob.choices.includes(knob.default)) context.addIssue({ code: 'custom', path: ['knobs', index, 'default'], message: `not one of ${knob.choices.join(', ')}` });
    });
    const sizes = [['density', definition.sizes.density] as const, ...(definition.sizes.runtimes ?? []).map((values, index) => [`runtimes[${index}]`, values] as const)];
    for (const [where, values] of sizes) for (const name of Object.keys(values)) known(name, ['sizes', where, name]);
  });
export type WorkloadDefinition = z.output<typeof workloadDefinitionSchema>;

/** A built-in workload's source (a package of guest/), or undefined for a user's program. */
export const builtInSource = (definition: WorkloadDefinition) => ('cargo' in definition.source ? definition.source : undefined);

/** The knobs that are built into the program: a different value is a different build. */
export const isBuiltIn = (definition: WorkloadDefinition, knob: Knob) => definition.dataset?.rows === knob.name;

/** The zod schema of one knob's value, with its range or choices. */
export function knobValueSchema(knob: Knob): z.ZodType<number | string> {
  return knob.type === 'integer' ? z.number().int().min(knob.min).max(knob.max) : z.enum(knob.choices as [string, ...string[]]);
}
