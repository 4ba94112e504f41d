// How each flavour of the catalogue is built, with which tool and flags: the native binary, the module and
// the threaded module by cargo in guest/ (its flags are guest/.cargo/config.toml's, none added here), the
// ahead-of-time flavours by their compilers from a module of the same build.
import { chmod, copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { flavourOf, type Flavour } from '../flavours/flavours.js';
import { paths } from '../io/project-paths.js';
import { builtInSource, type WorkloadDefinition } from '../workloads/definition.js';
import { buildProgram, programCompiler } from './program-recipes.js';
import { cargoRustflags } from './cargo-config.js';
import { cancelOf, fileIn, publish, runTool, type RecipeContext } from './recipe-kit.js';
import type { Toolchain } from './toolchain.js';

/** --all-features: accept whatever features rustc's wasm32-wasip1 output uses (bulk memory, sign-ext, ...) */
export const wasmOptFlags = ['-O3', '--all-features'];
/** `wasmedge compile` of the one-thread module, as the thesis (tuned to this host's CPU) */
export const aotFlags = ['--optimize', '3'];
/**
 * WasmEdge compiles a module that uses atomics only with its threads proposal on. `--generic-binary`: code for
 * baseline x86-64, as rustc builds the native program, not tuned to this host's CPU (on a Xeon host, K-Means in
 * a container ran at 1.12x Linux's time against 1.25x host-tuned, results/sample/table18-kmeans-aot-*).
 */
export const threadsAotFlags = ['--generic-binary', '--enable-threads', ...aotFlags];

export interface Recipe {
  /** what makes it with this toolchain ("rustc 1.85.1 --target wasm32-wasip1"), or null when the toolchain cannot (or the workload has no such build) */
  compiler(toolchain: Toolchain, definition: WorkloadDefinition): string | null;
  /** builds the flavour's file into the folder; resolves with the flags that made it */
  build(context: RecipeContext): Promise<string[]>;
}

/** `cargo build` of the workload's package for one target; the path of what it built. */
async function cargoBuild(context: RecipeContext, cargo: { cargo: string; env: Record<string, string>; target: string; note: string }): Promise<string> {
  const source = builtInSource(context.definition)!;
  // --config appends to the config file's array, so its flags (+crt-static) stay
  const added = context.addedRustflags.length === 0 ? [] : ['--config', `target.${cargo.target}.rustflags=${JSON.stringify(context.addedRustflags)}`];
  const args = ['build', '--release', '--locked', '--package', source.cargo, '--target', cargo.target, ...added];
  context.say(`cargo ${args.join(' ')}${cargo.note}`);
  await runTool(`cargo build ${source.cargo} --target ${cargo.target}`, cargo.cargo, args, { cwd: paths.guestSources(), env: cargo.env, onProgress: context.say, ...cancelOf(context) });
  const wasm = cargo.target.startsWith('wasm32');
  return join(cargo.env.CARGO_TARGET_DIR!, cargo.target, 'release', wasm ? `${source.cargo}.wasm` : source.cargo);
}

async function placeCargoOutput(context: RecipeContext, flavour: Flavour, built: string): Promise<void> {
  await copyFile(built, `${fileIn(context, flavour)}.partial`);
  await publish(context, flavour);
}

export const recipes: Record<Flavour, Recipe> = {
  native: {
    compiler: (toolchain, definition) => (builtInSource(definition) ? `${toolchain.rustcVersion} --target ${toolchain.hostTarget}` : programCompiler(toolchain, definition, 'native')),
    async build(context) {
      if (!builtInSource(context.definition)) return buildProgram(context, 'native');
      const { toolchain } = context;
      const built = await cargoBuild(context, { cargo: toolchain.cargo, env: context.env, target: toolchain.hostTarget, note: '' });
      await placeCargoOutput(context, 'native', built);
      return cargoRustflags(toolchain.hostTarget, context.addedRustflags);
    },
  },
  wasm: {
    compiler: (toolchain, definition) =>
      builtInSource(definition)
        ? `${toolchain.rustcVersion} --target ${toolchain.wasmTarget}${toolchain.wasmOpt ? `, then ${toolchain.wasmOpt.version} ${wasmOptFlags.join(' ')}` : ''}`
        : programCompiler(toolchain, definition, 'wasm'),
    async build(context) {
      if (!builtInSource(context.definition)) return buildProgram(context, 'wasm');
      const { toolchain } = context;
      const built = await cargoBuild(context, { cargo: toolchain.cargo, env: context.env, target: toolchain.wasmTarget, note: '' });
      const rustflags = cargoRustflags(toolchain.wasmTarget, context.addedRustflags);
      if (!toolchain.wasmOpt) {
        await placeCargoOutput(context, 'wasm', built);
        return rustflags;
      }
      context.say(`wasm-opt ${wasmOptFlags.join(' ')} ${flavourOf('wasm').file(context.definition.name)}`);
      await runTool('wasm-opt', toolchain.wasmOpt.path, [...wasmOptFlags, built, '-o', `${fileIn(context, 'wasm')}.partial`], cancelOf(context));
      await publish(context, 'wasm');
      return [...rustflags, ...wasmOptFlags];
    },
  },
  'wasm-threads': {
    compiler: (toolchain, definition) => (toolchain.wasmThreads && builtInSource(definition) ? `${toolchain.wasmThreads.rustcVersion} --target ${toolchain.wasmThreads.target}` : null),
    async build(context) {
      const threads = context.toolchain.wasmThreads!;
      const env = { ...context.env, RUSTC: threads.rustc, CARGO_TARGET_DIR: join(paths.artifacts(), '.cargo-target-threads') };
      const built = await cargoBuild(context, { cargo: threads.cargo, env, target: threads.target, note: ` (${threads.rustcVersion})` });
      await placeCargoOutput(context, 'wasm-threads', built);
      return cargoRustflags(threads.target, context.addedRustflags);
    },
  },
  'wasmedge-aot': {
    compiler: (toolchain) => (toolchain.wasmedge ? `${toolchain.wasmedge.version} compile ${aotFlags.join(' ')}` : null),
    async build(context) {
      const module = fileIn(context, 'wasm');
      context.say(`wasmedge compile ${aotFlags.join(' ')} ${flavourOf('wasm').file(context.definition.name)}`);
      await runTool('wasmedge compile', context.toolchain.wasmedge!.path, ['compile', ...aotFlags, module, `${fileIn(context, 'wasmedge-aot')}.partial`], cancelOf(context));
      await publish(context, 'wasmedge-aot');
      return aotFlags;
    },
  },
  'wasmedge-threads-aot': {
    compiler: (toolchain, definition) =>
      toolchain.wasmThreads && toolchain.wasmedge && toolchain.hostWaits && builtInSource(definition) ? `${toolchain.hostWaits.version}, then ${toolchain.wasmedge.version} compile ${threadsAotFlags.join(' ')}` : null,
    async build(context) {
      const { toolchain } = context;
      const destination = fileIn(context, 'wasmedge-threads-aot');
      const rewritten = `${destination}.host-waits.wasm`;
      context.say(`wasm-host-waits ${flavourOf('wasm-threads').file(context.definition.name)}, then wasmedge compile ${threadsAotFlags.join(' ')}`);
      try {
        await runTool('wasm-host-waits', toolchain.hostWaits!.path, [fileIn(context, 'wasm-threads'), rewritten], cancelOf(context));
        await runTool('wasmedge compile', toolchain.wasmedge!.path, ['compile', ...threadsAotFlags, rewritten, `${destination}.partial`], cancelOf(context));
      } finally {
        // the intermediate module is never kept, also when a step fails or is interrupted
        await rm(rewritten, { force: true });
      }
      await publish(context, 'wasmedge-threads-aot');
      return threadsAotFlags;
    },
  },
  'wasmtime-cwasm': {
    compiler: (toolchain) => toolchain.wasmtimePrecompile?.version ?? null,
    async build(context) {
      const destination = fileIn(context, 'wasmtime-cwasm');
      context.say(`wasmtime-precompile ${flavourOf('wasm').file(context.definition.name)}`);
      await rm(destination, { force: true });
      await runTool('wasmtime-precompile', context.toolchain.wasmtimePrecompile!.path, [fileIn(context, 'wasm'), destination], cancelOf(context));
      // not executable: runwasi would take an executable ELF file for a Linux program
      await chmod(destination, flavourOf('wasmtime-cwasm').mode);
      return [];
    },
  },
};
