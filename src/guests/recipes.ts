// How each flavour of the catalogue is built, with which tool and flags: the native binary, the module and
// the threaded module by cargo in guest/ (its flags are guest/.cargo/config.toml's, none added here), the
// ahead-of-time flavours by their compilers from a module of the same build.
import { chmod, copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { DockerwasmError } from '../errors.js';
import { flavourOf, type Flavour } from '../flavours/flavours.js';
import { paths } from '../io/project-paths.js';
import type { WorkloadDefinition } from '../workloads/definition.js';
import { cargoRustflags } from './cargo-config.js';
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

export interface RecipeContext {
  toolchain: Toolchain;
  definition: WorkloadDefinition;
  /** the build's folder: a recipe writes `file(flavour)` there, through `<file>.partial` */
  folder: string;
  /** cargo's environment: the toolchain, the target folder, the linker, a dataset's file */
  env: Record<string, string>;
  say: (line: string) => void;
  signal?: AbortSignal;
}

export interface Recipe {
  /** what makes it with this toolchain ("rustc 1.85.1 --target wasm32-wasip1"), or null when the toolchain cannot */
  compiler(toolchain: Toolchain): string | null;
  /** builds the flavour's file into the folder; resolves with the flags that made it */
  build(context: RecipeContext): Promise<string[]>;
}

export async function runTool(
  what: string,
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; onProgress?: (line: string) => void; signal?: AbortSignal },
): Promise<void> {
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const tail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      const text = line.trim();
      if (text === '') continue;
      tail.push(text);
      if (tail.length > 200) tail.shift();
      if (/^(Compiling|Finished|Downloaded|Updating|error|warning: unused)/.test(text)) options.onProgress?.(text);
    }
  });
  const result = await child;
  if (result.isCanceled) throw new DockerwasmError('INTERRUPTED', `${what}: interrupted`);
  if (result.failed) {
    const firstError = tail.find((line) => line.startsWith('error')) ?? tail[tail.length - 1] ?? result.shortMessage;
    throw new DockerwasmError('BUILD_FAILED', `${what} failed: ${firstError}`, { cause: result });
  }
}

const fileIn = (context: RecipeContext, flavour: Flavour) => join(context.folder, flavourOf(flavour).file(context.definition.name));
const cancelOf = (context: RecipeContext) => (context.signal ? { signal: context.signal } : {});

/** A tool wrote `<destination>.partial`: give it the flavour's mode and put it in place in one rename. */
async function publish(context: RecipeContext, flavour: Flavour): Promise<void> {
  const destination = fileIn(context, flavour);
  await chmod(`${destination}.partial`, flavourOf(flavour).mode);
  await rename(`${destination}.partial`, destination);
}

/** `cargo build` of the workload's package for one target; the path of what it built. */
async function cargoBuild(context: RecipeContext, cargo: { cargo: string; env: Record<string, string>; target: string; note: string }): Promise<string> {
  const { definition } = context;
  const args = ['build', '--release', '--locked', '--package', definition.source.cargo, '--target', cargo.target];
  context.say(`cargo ${args.join(' ')}${cargo.note}`);
  await runTool(`cargo build ${definition.source.cargo} --target ${cargo.target}`, cargo.cargo, args, { cwd: paths.guestSources(), env: cargo.env, onProgress: context.say, ...cancelOf(context) });
  const wasm = cargo.target.startsWith('wasm32');
  return join(cargo.env.CARGO_TARGET_DIR!, cargo.target, 'release', wasm ? `${definition.source.cargo}.wasm` : definition.source.cargo);
}

async function placeCargoOutput(context: RecipeContext, flavour: Flavour, built: string): Promise<void> {
  await copyFile(built, `${fileIn(context, flavour)}.partial`);
  await publish(context, flavour);
}

export const recipes: Record<Flavour, Recipe> = {
  native: {
    compiler: (toolchain) => `${toolchain.rustcVersion} --target ${toolchain.hostTarget}`,
    async build(context) {
      const { toolchain } = context;
      const built = await cargoBuild(context, { cargo: toolchain.cargo, env: context.env, target: toolchain.hostTarget, note: '' });
      await placeCargoOutput(context, 'native', built);
      return cargoRustflags(toolchain.hostTarget);
    },
  },
  wasm: {
    compiler: (toolchain) => `${toolchain.rustcVersion} --target ${toolchain.wasmTarget}${toolchain.wasmOpt ? `, then ${toolchain.wasmOpt.version} ${wasmOptFlags.join(' ')}` : ''}`,
    async build(context) {
      const { toolchain } = context;
      const built = await cargoBuild(context, { cargo: toolchain.cargo, env: context.env, target: toolchain.wasmTarget, note: '' });
      const rustflags = cargoRustflags(toolchain.wasmTarget);
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
    compiler: (toolchain) => (toolchain.wasmThreads ? `${toolchain.wasmThreads.rustcVersion} --target ${toolchain.wasmThreads.target}` : null),
    async build(context) {
      const threads = context.toolchain.wasmThreads!;
      const env = { ...context.env, RUSTC: threads.rustc, CARGO_TARGET_DIR: join(paths.artifacts(), '.cargo-target-threads') };
      const built = await cargoBuild(context, { cargo: threads.cargo, env, target: threads.target, note: ` (${threads.rustcVersion})` });
      await placeCargoOutput(context, 'wasm-threads', built);
      return cargoRustflags(threads.target);
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
    compiler: (toolchain) =>
      toolchain.wasmThreads && toolchain.wasmedge && toolchain.hostWaits ? `${toolchain.hostWaits.version}, then ${toolchain.wasmedge.version} compile ${threadsAotFlags.join(' ')}` : null,
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
