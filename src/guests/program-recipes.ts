// How a user's program is built, natively (static, so it runs on any Linux base) and to wasm32-wasip1, from
// one source: Rust with Debian's cargo (the built-in guests' toolchain), Go with Debian's Go (CGO off;
// GOOS=wasip1), C with clang and Debian's wasi-libc; a prebuilt pair is copied as given. The ahead-of-time
// flavours are made from its module as from a built-in guest's.
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DockerwasmError } from '../errors.js';
import { paths } from '../io/project-paths.js';
import type { ProgramSource, WorkloadDefinition } from '../workloads/definition.js';
import { cancelOf, fileIn, publish, runTool, type RecipeContext } from './recipe-kit.js';
import { goPath, programToolchainHints, type Toolchain } from './toolchain.js';

type Target = 'native' | 'wasm';

/** clang's flags for each target: optimised as cargo's release profile, the native binary static. */
export const cFlags: Record<Target, string[]> = { native: ['-O2', '-static'], wasm: ['--target=wasm32-wasi', '-O2'] };
/** Go's: no cgo (a static binary natively; wasip1 has none), paths trimmed so the build does not name this machine. */
export const goFlags = ['-trimpath'];
/** Rust's native binary is static, as the built-in guests' (the Linux image's base has musl) */
const rustNativeFlags = ['-C', 'target-feature=+crt-static'];

const programSource = (definition: WorkloadDefinition) => definition.source as ProgramSource;

/** What makes this target of a user's program with this toolchain; null when the toolchain lacks it. */
export function programCompiler(toolchain: Toolchain, definition: WorkloadDefinition, target: Target): string | null {
  const source = programSource(definition);
  switch (source.language) {
    case 'rust':
      return `${toolchain.rustcVersion} --target ${target === 'native' ? toolchain.hostTarget : toolchain.wasmTarget} (cargo build --release)`;
    case 'go':
      return toolchain.go ? `${toolchain.go.version} ${target === 'native' ? 'CGO_ENABLED=0' : 'GOOS=wasip1 GOARCH=wasm'} go build ${goFlags.join(' ')}` : null;
    case 'c':
      return toolchain.clang ? `${toolchain.clang.version} ${[...cFlags[target], ...source.flags].join(' ')}` : null;
    case 'prebuilt':
      return `built outside dockerwasm (${target === 'native' ? source.native : source.wasm})`;
  }
}

/** The version of the toolchain that builds a program, as its build inputs and reports name it. */
export function programToolchainVersion(toolchain: Toolchain, definition: WorkloadDefinition): string {
  const source = programSource(definition);
  switch (source.language) {
    case 'rust':
      return toolchain.rustcVersion;
    case 'go':
      return toolchain.go?.version ?? 'no Go';
    case 'c':
      return toolchain.clang?.version ?? 'no clang';
    case 'prebuilt':
      return 'built outside dockerwasm';
  }
}

/** A one-line refusal when the toolchain a program needs is not installed (exit 9). */
export function assertProgramToolchain(toolchain: Toolchain, definition: WorkloadDefinition): void {
  const source = programSource(definition);
  if (source.language === 'go' && !toolchain.go) throw new DockerwasmError('TOOLCHAIN', `${definition.name} is a Go program, and no Go was found at ${goPath()}`, { hint: programToolchainHints.go });
  if (source.language === 'c' && !toolchain.clang) throw new DockerwasmError('TOOLCHAIN', `${definition.name} is a C program, and no clang with wasi-libc for wasm32 was found`, { hint: programToolchainHints.clang });
}

/** The executable cargo built for a target: the one `compiler-artifact` message that names an executable. */
function cargoExecutable(messages: string, package_: string | undefined): string {
  const built = messages
    .split('\n')
    .flatMap((line) => {
      try {
        const message = JSON.parse(line) as { reason?: string; executable?: string | null; target?: { kind?: string[]; name?: string }; package_id?: string };
        return message.reason === 'compiler-artifact' && message.executable && message.target?.kind?.includes('bin') ? [message] : [];
      } catch {
        return [];
      }
    });
  const chosen = package_ === undefined ? built : built.filter((m) => m.target?.name === package_ || m.package_id?.includes(package_));
  if (chosen.length === 1) return chosen[0]!.executable!;
  throw new DockerwasmError('BUILD_FAILED', chosen.length === 0 ? 'cargo built no executable' : `cargo built several executables (${chosen.map((m) => m.target?.name).join(', ')})`, {
    hint: 'name the one to measure with package: in dockerwasm.yaml',
  });
}

async function buildRust(context: RecipeContext, source: Extract<ProgramSource, { language: 'rust' }>, target: Target): Promise<string[]> {
  const { toolchain } = context;
  const triple = target === 'native' ? toolchain.hostTarget : toolchain.wasmTarget;
  const locked = existsSync(join(source.folder, 'Cargo.lock')) ? ['--locked'] : [];
  const args = ['build', '--release', ...locked, '--target', triple, ...(source.package ? ['--package', source.package] : []), '--message-format=json-render-diagnostics'];
  const flags = target === 'native' ? rustNativeFlags : [];
  const env = {
    RUSTC: toolchain.rustc,
    CARGO_TARGET_DIR: join(paths.artifacts(), '.cargo-target-programs'),
    CARGO_TARGET_WASM32_WASIP1_LINKER: toolchain.wasmLinker,
    ...(flags.length ? { [`CARGO_TARGET_${triple.toUpperCase().replace(/[-.]/g, '_')}_RUSTFLAGS`]: flags.join(' ') } : {}),
  };
  context.say(`cargo ${args.join(' ')} (in ${source.folder})`);
  const messages = await runTool(`cargo build --target ${triple} of ${context.definition.name}`, toolchain.cargo, args, { cwd: source.folder, env, onProgress: context.say, ...cancelOf(context) });
  await copyFile(cargoExecutable(messages, source.package), `${fileIn(context, target)}.partial`);
  return flags;
}

async function buildGo(context: RecipeContext, source: Extract<ProgramSource, { language: 'go' }>, target: Target): Promise<string[]> {
  const go = context.toolchain.go!;
  const env = {
    CGO_ENABLED: '0',
    GOTOOLCHAIN: 'local',
    GOCACHE: join(paths.artifacts(), '.go-cache'),
    ...(target === 'wasm' ? { GOOS: 'wasip1', GOARCH: 'wasm' } : { GOOS: 'linux' }),
  };
  const args = ['build', ...goFlags, '-o', `${fileIn(context, target)}.partial`, source.package];
  context.say(`${Object.entries(env).filter(([k]) => k.startsWith('GO') && k !== 'GOCACHE').map(([k, v]) => `${k}=${v}`).join(' ')} go ${args.join(' ')}`);
  await runTool(`go build (${target === 'wasm' ? 'wasip1' : 'native'}) of ${context.definition.name}`, go.path, args, { cwd: source.folder, env, ...cancelOf(context) });
  return goFlags;
}

async function buildC(context: RecipeContext, source: Extract<ProgramSource, { language: 'c' }>, target: Target): Promise<string[]> {
  const flags = [...cFlags[target], ...source.flags];
  const args = [...flags, '-o', `${fileIn(context, target)}.partial`, ...source.files];
  context.say(`clang ${args.join(' ')}`);
  await runTool(`clang (${target === 'wasm' ? 'wasm32-wasi' : 'native'}) of ${context.definition.name}`, context.toolchain.clang!.path, args, { cwd: source.folder, ...cancelOf(context) });
  return flags;
}

/** Builds one target of a user's program into the build's folder; resolves with the flags that made it. */
export async function buildProgram(context: RecipeContext, target: Target): Promise<string[]> {
  const source = programSource(context.definition);
  const flags = await buildTarget(context, source, target).catch((error: unknown) => {
    if (target === 'wasm' && error instanceof DockerwasmError && error.code === 'BUILD_FAILED') {
      throw new DockerwasmError('BUILD_FAILED', error.message, { cause: error, details: error.details, hint: wasmBuildHint });
    }
    throw error;
  });
  await publish(context, target);
  return flags;
}

/** Why a program that builds natively may not build for wasm32-wasip1. */
const wasmBuildHint =
  'the native build succeeded: WASI preview 1 has no processes (fork, exec), no threads, no sockets beyond preopened ones, no signals; build the part that computes, or use --native/--wasm with builds of your own';

async function buildTarget(context: RecipeContext, source: ProgramSource, target: Target): Promise<string[]> {
  switch (source.language) {
    case 'rust':
      return buildRust(context, source, target);
    case 'go':
      return buildGo(context, source, target);
    case 'c':
      return buildC(context, source, target);
    case 'prebuilt':
      await copyFile(target === 'native' ? source.native : source.wasm, `${fileIn(context, target)}.partial`);
      return [];
  }
}
