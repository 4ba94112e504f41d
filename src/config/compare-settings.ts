// The settings of one `compare` experiment: one schema with every default, parsed once where settings
// enter the tool (the command line, a YAML spec, a saved env.json). Everything past that edge gets
// complete, validated settings and a workload whose knobs are all there.
import { z } from 'zod';
import { defaultLinuxBase } from '../flavours/flavours.js';
import { parseListingMistakes } from '../validation.js';
import { workloadSchema } from '../workloads/workload.js';
import { limits, runtimesSchema, whole } from './shared-settings.js';

export const builderChoices = ['auto', 'buildkit', 'classic', 'cli'] as const;
export type BuilderChoice = (typeof builderChoices)[number];

export const dockerfileForms = ['prebuilt', 'multistage'] as const;
/** prebuilt: images of the artifacts dockerwasm built; multistage: compiled in a rust:alpine stage (the thesis's form) */
export type DockerfileForm = (typeof dockerfileForms)[number];

export const defaults = {
  samples: 25,
  warmup: 1,
  runtimes: 'all' as const,
  builder: 'auto' as const,
  timeoutSeconds: 1_800,
  base: defaultLinuxBase,
  wasmtimePrecompiled: false,
  linuxOneThread: false,
  wasmThreads: false,
  noCacheBuilds: false,
  watchMemory: true,
  form: 'prebuilt' as const,
  inlineThreshold: 'default' as const,
  allowMixedToolchains: false,
};

/** LLVM's inliner budget for every Rust target of the guest build: 'default' (LLVM's own, 225) is the stock stack */
export const inlineThresholdSchema = z.union([z.literal('default'), whole(limits.inlineThreshold)], { error: "must be 'default' or a whole number" });

/** Every setting but the workload: what a spec shares between its workloads. */
export const sharedSettingsShape = {
  samples: whole(limits.samples).default(defaults.samples),
  warmup: whole(limits.warmup).default(defaults.warmup),
  seed: whole(limits.seed),
  /** 'all' or profile names (runc, the baseline, always runs) */
  runtimes: runtimesSchema.default(defaults.runtimes),
  builder: z.enum(builderChoices).default(defaults.builder),
  timeoutSeconds: whole(limits.timeoutSeconds).default(defaults.timeoutSeconds),
  base: z.string().min(1).default(defaults.base),
  /** also run the wasmtime shim on a precompiled module, as its own variant */
  wasmtimePrecompiled: z.boolean().default(defaults.wasmtimePrecompiled),
  /** also run the Linux image held to one thread (RAYON_NUM_THREADS=1), as its own variant */
  linuxOneThread: z.boolean().default(defaults.linuxOneThread),
  /** also run the wasm32-wasip1-threads module under each Wasm runtime, with RAYON_NUM_THREADS = the engine's CPUs, as its own variants */
  wasmThreads: z.boolean().default(defaults.wasmThreads),
  noCacheBuilds: z.boolean().default(defaults.noCacheBuilds),
  watchMemory: z.boolean().default(defaults.watchMemory),
  form: z.enum(dockerfileForms).default(defaults.form),
  /** `-C llvm-args=-inline-threshold=N` on the native, wasm32-wasip1 and threads builds alike; 'default' adds nothing */
  inlineThreshold: inlineThresholdSchema.default(defaults.inlineThreshold),
  /** compare variants whose artifacts came from different compilers (the threads module's rustup rustc against Debian's); the report names it */
  allowMixedToolchains: z.boolean().default(defaults.allowMixedToolchains),
};

export const compareSettingsSchema = z.object({ workload: workloadSchema, ...sharedSettingsShape }).strict();
export type CompareSettings = z.output<typeof compareSettingsSchema>;
export type CompareSettingsInput = z.input<typeof compareSettingsSchema>;

/**
 * Settings as a results directory saved them, read leniently so that old directories stay readable: a
 * runtime profile renamed since, or a key this version does not know, is kept as it was (a resume
 * then parses them strictly, and says what no longer fits).
 */
export const savedCompareSettingsSchema = z
  .object({
    workload: workloadSchema,
    ...sharedSettingsShape,
    runtimes: z.union([z.literal('all'), z.array(z.string())]).default('all'),
    // absent from runs made before it was a setting: their artifacts' flags (env.json) say what was built
    inlineThreshold: inlineThresholdSchema.optional(),
  })
  .loose();
export type SavedCompareSettings = z.output<typeof savedCompareSettingsSchema>;

/** Parses settings at the edge (the command line, a spec's workload, the bench). */
export function parseCompareSettings(value: unknown, source: string): CompareSettings {
  return parseListingMistakes(compareSettingsSchema, value, source);
}
