// The options `compare` and `reproduce` share, and the one place they become settings: only the
// options given on the command line count (the rest are the settings schema's defaults, or the saved
// or spec values they override).
import type { Command } from 'commander';
import { builderChoices, defaults, dockerfileForms, type CompareSettingsInput as SettingsInput } from '../config/compare-settings.js';
import { limits } from '../config/shared-settings.js';
import { profileNames } from '../profiles/profiles.js';
import { nameList, oneOf, wholeNumber } from './options.js';

const inlineThreshold = (value: string): SettingsInput['inlineThreshold'] => (value === 'default' ? 'default' : wholeNumber('--inline-threshold', limits.inlineThreshold.min, limits.inlineThreshold.max)(value));

export interface ExperimentOptions {
  samples: number;
  warmup: number;
  runtimes: string[] | 'all';
  builder: SettingsInput['builder'];
  seed?: number;
  timeout: number;
  cache: boolean;
  wasmtimePrecompiled?: boolean;
  linuxOneThread?: boolean;
  wasmThreads?: boolean;
  inlineThreshold?: SettingsInput['inlineThreshold'];
  allowMixedToolchains?: boolean;
  base: string;
  memory: boolean;
  keepImages?: boolean;
  form: SettingsInput['form'];
  out?: string;
  outAnywhere?: boolean;
  json?: boolean;
}

export function addExperimentOptions(command: Command): Command {
  return command
    .option('--samples <n>', 'measured samples per variant (builds and runs)', wholeNumber('--samples', limits.samples.min, limits.samples.max), defaults.samples)
    .option('--warmup <n>', 'warm-up builds and runs before the samples, reported apart (with 0, the first sample of a new Wasm image may include containerd unpacking it: a build unpacks host-platform images only)', wholeNumber('--warmup', limits.warmup.min, limits.warmup.max), defaults.warmup)
    .option('--runtimes <list>', `Wasm runtime profiles to measure, a,b or all (runc, the baseline, always runs): ${profileNames.join(', ')}`, nameList('--runtimes', profileNames), defaults.runtimes)
    .option('--builder <name>', `${builderChoices.join(' | ')}: BuildKit with a loopback context (default on a local engine), the classic builder, or the docker CLI`, oneOf('--builder', builderChoices), defaults.builder)
    .option('--seed <n>', 'seed of the shuffled run order (default: random, recorded)', wholeNumber('--seed', limits.seed.min, limits.seed.max))
    .option('--timeout <seconds>', 'per-sample timeout: a container still running is killed and recorded as timeout', wholeNumber('--timeout', limits.timeoutSeconds.min, limits.timeoutSeconds.max), defaults.timeoutSeconds)
    .option('--no-cache', 'measure builds without the build cache, as `docker build --no-cache` (the first, cold build never uses it)')
    .option('--wasmtime-precompiled', 'also run the wasmtime shim on a precompiled module (.cwasm), as its own variant')
    .option('--linux-one-thread', 'also run the Linux image held to one thread (RAYON_NUM_THREADS=1), as its own variant: the same threads as a wasm32-wasip1 module')
    .option('--wasm-threads', "also run the module built for wasm32-wasip1-threads (rayon's pool on wasi-threads, RAYON_NUM_THREADS = the engine's CPUs) under each Wasm runtime, as its own variants; a runtime without wasi-threads records its error")
    .option('--inline-threshold <n>', "LLVM's inliner budget for the native and Wasm builds alike (-C llvm-args=-inline-threshold=N); default: LLVM's own (the stock stack)", inlineThreshold)
    .option('--allow-mixed-toolchains', "compare variants whose artifacts come from different compilers (the wasm32-wasip1-threads module is rustup's rustc, the native binary Debian's); refused without it, and named in the report with it")
    .option('--base <image>', 'Linux base image; the busybox stand-in is used when it is neither present nor pullable', defaults.base)
    .option('--no-memory', "do not read peak memory from the engine's stats while containers run")
    .option('--keep-images', 'leave the built images in the engine (labelled; `dockerwasm clean --images` removes them)')
    .option('--form <form>', "prebuilt (images of the artifacts dockerwasm built) or multistage (the thesis's form: compiled in a rust:alpine stage; needs a registry)", oneOf('--form', dockerfileForms), defaults.form)
    .option('--out <dir>', 'results directory (default: results/<timestamp>-<workload>/)')
    .option('--out-anywhere', 'allow --out outside the project folder')
    .option('--json', 'print summary.json on stdout instead of the tables');
}

/** The settings given on the command line, under their settings names; options left at their defaults are absent. */
export function givenSettings(options: ExperimentOptions, command: Command): Partial<SettingsInput> {
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  const settings: Partial<SettingsInput> = {};
  if (given('samples')) settings.samples = options.samples;
  if (given('warmup')) settings.warmup = options.warmup;
  if (given('runtimes')) settings.runtimes = options.runtimes;
  if (given('builder')) settings.builder = options.builder;
  if (given('seed')) settings.seed = options.seed;
  if (given('timeout')) settings.timeoutSeconds = options.timeout;
  if (given('base')) settings.base = options.base;
  if (given('memory')) settings.watchMemory = options.memory;
  if (given('cache')) settings.noCacheBuilds = !options.cache;
  if (given('wasmtimePrecompiled')) settings.wasmtimePrecompiled = options.wasmtimePrecompiled === true;
  if (given('linuxOneThread')) settings.linuxOneThread = options.linuxOneThread === true;
  if (given('wasmThreads')) settings.wasmThreads = options.wasmThreads === true;
  if (given('form')) settings.form = options.form;
  if (given('inlineThreshold')) settings.inlineThreshold = options.inlineThreshold;
  if (given('allowMixedToolchains')) settings.allowMixedToolchains = options.allowMixedToolchains === true;
  return settings;
}
