// Which builder makes the images. BuildKit with the context served on loopback gives real `wasi/wasm`
// images and is the default on a local engine; the classic builder cannot make wasi/wasm images (the
// Wasm image is then a linux-platform image whose entrypoint is the module); the docker CLI runs its
// own BuildKit session and suits Docker Desktop or a remote engine.
import { execa } from 'execa';
import { DockerwasmError } from '../errors.js';
import type { EngineInfo } from './types.js';

export type BuilderName = 'buildkit' | 'classic' | 'cli';

export async function dockerCliAvailable(): Promise<boolean> {
  try {
    await execa('docker', ['--version'], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/** Where the engine is, in words, when our loopback is not its own. */
function elsewhere(info: EngineInfo): string {
  if (info.isDockerDesktop) return 'Docker Desktop (a VM)';
  return info.onThisMachine ? 'on this machine but in another network namespace, so our 127.0.0.1 is not its loopback' : 'remote';
}

/**
 * `auto`: BuildKit with the context served on our loopback where the engine shares it; else the docker CLI
 * (which uploads the context) when there is one, else the classic builder. `say` hears the fallback once.
 */
export async function chooseBuilder(choice: BuilderName | 'auto', info: EngineInfo, say?: (line: string) => void): Promise<BuilderName> {
  if (choice === 'buildkit' && !info.sharesLoopback) {
    throw new DockerwasmError('USAGE', `--builder buildkit needs an engine on this machine's loopback; ${info.host} is ${elsewhere(info)}`, {
      hint: 'use --builder cli (the docker CLI) or --builder classic',
    });
  }
  if (choice !== 'auto') return choice;
  if (info.sharesLoopback) return 'buildkit';
  const fallback = (await dockerCliAvailable()) ? 'cli' : 'classic';
  say?.(`the engine at ${info.host} is ${elsewhere(info)}: building with ${fallback === 'cli' ? 'the docker CLI, which uploads each context' : 'the classic builder (no docker CLI here), which cannot make wasi/wasm images'}`);
  return fallback;
}

/** The platform a Wasm image is built for with this builder. */
export function wasmPlatform(builder: BuilderName, info: EngineInfo): string {
  return builder === 'classic' ? linuxPlatform(info) : 'wasi/wasm';
}

export function linuxPlatform(info: EngineInfo): string {
  const arch = info.arch === 'x86_64' ? 'amd64' : info.arch === 'aarch64' ? 'arm64' : info.arch;
  return `linux/${arch}`;
}
