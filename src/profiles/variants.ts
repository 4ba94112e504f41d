// Which variants an experiment measures: the Linux image on runc (the baseline), and the Wasm image
// under each runtime profile asked for that passed its live probe. Each profile runs the image of the
// module flavour it needs (WasmEdge: AOT; wasmtime: plain, or precompiled as an extra variant).
import { DockerwasmError } from '../errors.js';
import { flavourOf, type Flavour, type ImageName } from '../flavours/flavours.js';
import { threadsInstallHint } from '../guests/toolchain.js';
import { baselineVariant, oneThreadVariant, type VariantInfo } from '../results/variants.js';
import type { RuntimeStatus } from './probe.js';
import { findProfile, runtimeProfiles, type RuntimeProfile } from './profiles.js';

export interface Variant extends VariantInfo {
  profile: RuntimeProfile;
  image: ImageName;
  flavour: Flavour;
}

export const precompiledSuffix = '+cwasm';
export const threadsSuffix = '+threads';

export interface VariantChoice {
  /** 'all' or profile names (runc is always included) */
  runtimes: readonly string[] | 'all';
  /** add the wasmtime shim running a precompiled module as its own variant */
  wasmtimePrecompiled: boolean;
  /** add the Linux image held to one thread as its own variant */
  linuxOneThread?: boolean;
  /** add each Wasm profile running the wasm32-wasip1-threads module on this many threads, as its own variant */
  wasmThreads?: { cpus: number } | undefined;
}

export interface VariantSelection {
  variants: Variant[];
  skipped: { name: string; reason: string }[];
  warnings: string[];
}

export function selectVariants(
  choice: VariantChoice,
  statuses: readonly RuntimeStatus[],
  builtFlavours: ReadonlySet<Flavour>,
): VariantSelection {
  const wanted =
    choice.runtimes === 'all'
      ? runtimeProfiles.map((p) => p.name)
      : [...new Set([baselineVariant, ...choice.runtimes])];
  const variants: Variant[] = [];
  const skipped: VariantSelection['skipped'] = [];
  const warnings: string[] = [];
  const refusals: string[] = [];

  for (const name of wanted) {
    const profile = findProfile(name)!;
    const status = statuses.find((s) => s.name === name);
    const works = status?.probe?.ok === true;
    if (!works) {
      const reason = status?.reason ?? 'not probed';
      if (choice.runtimes === 'all' && name !== baselineVariant) skipped.push({ name, reason });
      else refusals.push(`${name}: ${reason}`);
      continue;
    }
    let flavour: Flavour = profile.module;
    if (!builtFlavours.has(flavour)) {
      warnings.push(`${name}: no ${flavour} module was built; it runs the plain module instead`);
      flavour = 'wasm';
    }
    variants.push({
      name,
      kind: profile.kind,
      runtime: profile.runtime,
      flavour,
      image: flavourOf(flavour).image,
      description: profile.description,
      profile,
    });
    if (choice.linuxOneThread && name === baselineVariant) {
      variants.push({
        name: oneThreadVariant,
        kind: 'native',
        runtime: profile.runtime,
        flavour: 'native',
        image: flavourOf('native').image,
        description: 'Linux container held to one thread (RAYON_NUM_THREADS=1): the same threads as a wasm32-wasip1 module',
        env: ['RAYON_NUM_THREADS=1'],
        profile,
      });
    }
    if (choice.wasmThreads && profile.kind === 'wasm') {
      // every Wasm runtime gets it: one without wasi-threads fails each sample with its own error, recorded
      if (builtFlavours.has('wasm-threads')) {
        const threaded: Flavour = profile.threadsModule !== undefined && builtFlavours.has(profile.threadsModule) ? profile.threadsModule : 'wasm-threads';
        variants.push({
          name: `${name}${threadsSuffix}`,
          kind: 'wasm',
          runtime: profile.runtime,
          flavour: threaded,
          image: flavourOf(threaded).image,
          description: `${profile.description.split(';')[0]}, running the wasm32-wasip1-threads module${threaded === 'wasmedge-threads-aot' ? ' AOT-compiled (its atomic waits on the shim\'s futexes)' : ''} on ${choice.wasmThreads.cpus} threads (wasi-threads, RAYON_NUM_THREADS=${choice.wasmThreads.cpus})`,
          env: [`RAYON_NUM_THREADS=${choice.wasmThreads.cpus}`],
          profile,
        });
      } else if (!warnings.some((warning) => warning.startsWith('--wasm-threads'))) {
        warnings.push(`--wasm-threads: no wasm32-wasip1-threads module was built; ${threadsInstallHint}`);
      }
    }
    if (choice.wasmtimePrecompiled && name === 'io.containerd.wasmtime.v1') {
      if (builtFlavours.has('wasmtime-cwasm')) {
        variants.push({
          name: `${name}${precompiledSuffix}`,
          kind: 'wasm',
          runtime: profile.runtime,
          flavour: 'wasmtime-cwasm',
          image: flavourOf('wasmtime-cwasm').image,
          description: 'runwasi wasmtime shim running the module precompiled by wasmtime-precompile (no compile at start)',
          profile,
        });
      } else {
        warnings.push('--wasmtime-precompiled: wasmtime-precompile is not installed, so no precompiled module exists');
      }
    }
  }
  if (refusals.length > 0) {
    throw new DockerwasmError('RUNTIME_UNAVAILABLE', `runtime profile${refusals.length > 1 ? 's' : ''} asked for cannot run here: ${refusals.join('; ')}`, {
      hint: 'see `dockerwasm doctor`; --runtimes all uses whatever works',
    });
  }
  return { variants, skipped, warnings };
}
