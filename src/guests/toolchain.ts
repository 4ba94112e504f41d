// The guest toolchain: Debian's cargo and rustc (they carry the wasm32-wasip1 standard library; rustup's
// proxies come first on PATH and do not), WasmEdge's AOT compiler, and our wasmtime precompiler; for the
// threaded module, rustup's toolchain with the wasm32-wasip1-threads target (Debian ships no std for it).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { DockerwasmError } from '../errors.js';

export interface Toolchain {
  cargo: string;
  rustc: string;
  rustcVersion: string;
  hostTarget: string;
  wasmTarget: 'wasm32-wasip1';
  /** the linker for wasm32: Debian's rustc does not ship rust-lld, so lld's wasm-ld is named explicitly */
  wasmLinker: string;
  /** `wasmedge` with its AOT compiler, when installed */
  wasmedge: { path: string; version: string } | null;
  /** `wasmtime-precompile` from shims/, when installed */
  wasmtimePrecompile: { path: string; version: string } | null;
  /** `wasm-host-waits` from shims/, when installed: with `wasmedge`, makes the threaded module's WasmEdge AOT build */
  hostWaits: { path: string; version: string } | null;
  /** binaryen's `wasm-opt`, only with DOCKERWASM_WASM_OPT=1: measured about 10% smaller but slower under wasmtime
   *  (+5% kmeans, +32% tree) and mixed under WasmEdge AOT (-13% tree, +8% kmeans), so not used by default */
  wasmOpt: { path: string; version: string } | null;
  /** a cargo whose rustc has the wasm32-wasip1-threads standard library (rustup's), when installed; its rust-lld links */
  wasmThreads: ThreadsToolchain | null;
  /** Debian's Go (DOCKERWASM_GO), for a user's Go program: GOOS=wasip1 since Go 1.21 */
  go: { path: string; version: string } | null;
  /** clang with Debian's wasi-libc and compiler-rt for wasm32 (DOCKERWASM_CLANG), for a user's C program */
  clang: { path: string; version: string } | null;
}

/** What installs each toolchain of a user's program, for the one line that says it is missing. */
export const programToolchainHints = {
  go: 'install Go with `apt-get install golang-go` (Debian trixie: Go 1.24; scripts/provision-engine.sh does it), or set DOCKERWASM_GO',
  clang:
    'install clang for wasm32 with `apt-get install clang-19 wasi-libc libclang-rt-19-dev-wasm32` (Debian trixie; scripts/provision-engine.sh does it), or set DOCKERWASM_CLANG',
};

/** Where Go is looked for. */
export const goPath = () => process.env.DOCKERWASM_GO ?? '/usr/bin/go';

/** Debian's wasi-libc sysroot and clang's compiler-rt builtins for wasm32-wasi: without both, clang cannot link a module. */
const wasiParts = ['/usr/lib/wasm32-wasi/crt1-command.o', '/usr/lib/wasm32-wasi/libc.a'];

async function findGo(): Promise<Toolchain['go']> {
  const path = goPath();
  if (!existsSync(path)) return null;
  return { path, version: await versionOf(path, ['version']) };
}

async function findClang(): Promise<Toolchain['clang']> {
  const path = process.env.DOCKERWASM_CLANG ?? (await which('clang-19')) ?? (await which('clang'));
  if (path === null || !wasiParts.every((part) => existsSync(part))) return null;
  const builtins = await execa(path, ['--target=wasm32-wasi', '-print-libgcc-file-name'], { reject: false, timeout: 10_000 });
  if (builtins.exitCode !== 0 || !existsSync(builtins.stdout.trim())) return null;
  return { path, version: await versionOf(path, ['--version']) };
}

export interface ThreadsToolchain {
  cargo: string;
  rustc: string;
  rustcVersion: string;
  target: 'wasm32-wasip1-threads';
}

export const threadsInstallHint = 'install it with `rustup target add wasm32-wasip1-threads` (scripts/provision-engine.sh does it), or set DOCKERWASM_THREADS_CARGO to a cargo whose rustc has that target';

const installHint = 'install it with `apt-get install cargo rustc libstd-rust-dev-wasm32` (Debian trixie; scripts/provision-engine.sh does it)';

async function which(name: string): Promise<string | null> {
  const result = await execa('sh', ['-c', 'command -v "$1"', 'sh', name], { reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

async function versionOf(path: string, args: string[]): Promise<string> {
  const result = await execa(path, args, { reject: false, timeout: 10_000 });
  return (result.stdout || result.stderr).split('\n')[0]!.trim();
}

async function findWasmLinker(): Promise<string> {
  if (process.env.DOCKERWASM_WASM_LINKER) return process.env.DOCKERWASM_WASM_LINKER;
  for (const name of ['rust-lld', 'wasm-ld', 'wasm-ld-21', 'wasm-ld-20', 'wasm-ld-19', 'wasm-ld-18', 'wasm-ld-17']) {
    const path = await which(name);
    if (path !== null) return path;
  }
  throw new DockerwasmError('TOOLCHAIN', 'no linker for wasm32 found (rust-lld or wasm-ld)', {
    hint: 'install it with `apt-get install lld-19` (Debian trixie; scripts/provision-engine.sh does it), or set DOCKERWASM_WASM_LINKER',
  });
}

/** rustup's cargo (or DOCKERWASM_THREADS_CARGO) when its rustc has the wasm32-wasip1-threads standard library. */
export async function findThreadsToolchain(): Promise<ThreadsToolchain | null> {
  const cargo = process.env.DOCKERWASM_THREADS_CARGO ?? join(homedir(), '.cargo', 'bin', 'cargo');
  const rustc = join(cargo, '..', 'rustc');
  if (!existsSync(cargo) || !existsSync(rustc)) return null;
  const sysroot = await execa(rustc, ['--print', 'sysroot'], { reject: false, timeout: 30_000 });
  if (sysroot.exitCode !== 0 || !existsSync(join(sysroot.stdout.trim(), 'lib', 'rustlib', 'wasm32-wasip1-threads'))) return null;
  return { cargo, rustc, rustcVersion: await versionOf(rustc, ['--version']), target: 'wasm32-wasip1-threads' };
}

export async function findToolchain(): Promise<Toolchain> {
  const cargo = process.env.DOCKERWASM_CARGO ?? '/usr/bin/cargo';
  const rustc = process.env.DOCKERWASM_RUSTC ?? join(cargo, '..', 'rustc');
  if (!existsSync(cargo)) throw new DockerwasmError('TOOLCHAIN', `cargo not found at ${cargo}`, { hint: `${installHint}, or set DOCKERWASM_CARGO` });
  if (!existsSync(rustc)) throw new DockerwasmError('TOOLCHAIN', `rustc not found at ${rustc}`, { hint: `${installHint}, or set DOCKERWASM_RUSTC` });
  const sysroot = (await execa(rustc, ['--print', 'sysroot'])).stdout.trim();
  if (!existsSync(join(sysroot, 'lib', 'rustlib', 'wasm32-wasip1'))) {
    throw new DockerwasmError('TOOLCHAIN', `${rustc} has no wasm32-wasip1 standard library (${sysroot}/lib/rustlib/wasm32-wasip1)`, {
      hint: 'install it with `apt-get install libstd-rust-dev-wasm32` (Debian) or `rustup target add wasm32-wasip1` (rustup, with DOCKERWASM_CARGO/DOCKERWASM_RUSTC pointing at it)',
    });
  }
  const wasmLinker = await findWasmLinker();
  const verbose = (await execa(rustc, ['-vV'])).stdout;
  const hostTarget = /^host: (.+)$/m.exec(verbose)?.[1]?.trim() ?? 'x86_64-unknown-linux-gnu';
  const wasmedgePath = await which('wasmedge');
  const precompilePath = await which('wasmtime-precompile');
  const hostWaitsPath = await which('wasm-host-waits');
  const wasmOptPath = process.env.DOCKERWASM_WASM_OPT === '1' ? await which('wasm-opt') : null;
  return {
    cargo,
    rustc,
    rustcVersion: verbose.split('\n')[0]!.trim(),
    hostTarget,
    wasmTarget: 'wasm32-wasip1',
    wasmLinker,
    wasmedge: wasmedgePath ? { path: wasmedgePath, version: await versionOf(wasmedgePath, ['--version']) } : null,
    wasmtimePrecompile: precompilePath ? { path: precompilePath, version: await versionOf(precompilePath, ['--version']) } : null,
    hostWaits: hostWaitsPath ? { path: hostWaitsPath, version: await versionOf(hostWaitsPath, ['--version']) } : null,
    wasmOpt: wasmOptPath ? { path: wasmOptPath, version: await versionOf(wasmOptPath, ['--version']) } : null,
    wasmThreads: await findThreadsToolchain(),
    go: await findGo(),
    clang: await findClang(),
  };
}

/** binaryen's `wasm-opt` wherever it is installed (the standalone runs re-encode Wasm3's module with it). */
export async function findBinaryen(): Promise<{ path: string; version: string } | null> {
  const path = await which('wasm-opt');
  return path ? { path, version: await versionOf(path, ['--version']) } : null;
}
