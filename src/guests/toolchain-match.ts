// One compiler per comparison: the native binary and every module a run compares must come from the same
// compiler and version (an ahead-of-time flavour counts as the module it is compiled from), or a Wasm /
// native ratio measures two compilers as much as two targets. A mixed set is refused unless asked for.
import { DockerwasmError } from '../errors.js';
import { flavourOf, type Flavour } from '../flavours/flavours.js';
import type { Artifact } from './artifact-store.js';

/** "rustc 1.85.1", "go version go1.24.4", "clang version 19.1.7"; null for a build made outside dockerwasm */
export function compilerIdentity(compiler: string): string | null {
  const match = /^(rustc \S+|go version \S+)|(clang version \S+)/.exec(compiler);
  return match ? (match[1] ?? match[2]!) : null;
}

/** Which compiler made each compared flavour's source module, by compiler: "native, wasm by rustc 1.85.1; wasm-threads by rustc 1.95.0". */
export function toolchainsOf(artifacts: readonly Pick<Artifact, 'flavour' | 'compiler'>[], flavours: readonly Flavour[]): Map<string, Flavour[]> {
  const byCompiler = new Map<string, Flavour[]>();
  for (const flavour of new Set(flavours.map((f) => flavourOf(f).from ?? f))) {
    const artifact = artifacts.find((a) => a.flavour === flavour);
    const identity = artifact ? compilerIdentity(artifact.compiler) : null;
    if (identity === null) continue;
    byCompiler.set(identity, [...(byCompiler.get(identity) ?? []), flavour]);
  }
  return byCompiler;
}

/**
 * Refuses a comparison of flavours made by different compilers, unless `allowed`; then (or when they match)
 * resolves with the description of the mix for env.json and the report, or null when there is one compiler.
 */
export function assertOneToolchain(artifacts: readonly Pick<Artifact, 'flavour' | 'compiler'>[], flavours: readonly Flavour[], allowed: boolean): string | null {
  const byCompiler = toolchainsOf(artifacts, flavours);
  if (byCompiler.size <= 1) return null;
  const mix = [...byCompiler].map(([compiler, built]) => `${built.join(', ')} by ${compiler}`).join('; ');
  if (!allowed) {
    throw new DockerwasmError('USAGE', `mixed toolchains: ${mix}; a Wasm / native ratio would compare compilers too`, {
      hint: 'leave out the variants of the other compiler (--wasm-threads), or pass --allow-mixed-toolchains and the report will name the mix',
    });
  }
  return mix;
}
