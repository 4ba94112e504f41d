// Which runtime profiles this engine offers, found by trying them: a tiny hello image per kind (a
// static binary for native, a WASI module for Wasm) is built, run under each profile, its output
// checked and its run timed. Probe images and containers carry the tool's labels and are removed.
import { DockerwasmError, messageOf } from '../errors.js';
import type { Clock } from '../io/clock.js';
import { linuxPlatform, wasmPlatform, type BuilderName } from '../engine/builders.js';
import type { CleanupRegistry } from '../engine/cleanup.js';
import { labelsFor, sessionId } from '../engine/labels.js';
import { exit7Code, exit7Wasm, helloWasm, helloX86_64, probeOutput } from '../engine/probe/probe-payloads.js';
import { runContainer } from '../engine/run-container.js';
import { buildScratchImage } from '../engine/scratch-image.js';
import type { ContainerEngine, EngineInfo } from '../engine/types.js';
import { baselineVariant } from '../results/variants.js';
import { missingShimReason, runtimeProfiles, type RuntimeProfile } from './profiles.js';

export interface ProbeResult {
  ok: boolean;
  /** the engine that ran the probe (Docker's server version), so a saved probe says where it held */
  engineVersion: string;
  /** create to exit, ms */
  ms: number | null;
  output: string;
  error?: string;
}

export interface RuntimeStatus {
  name: string;
  kind: 'native' | 'wasm';
  available: boolean;
  probe: ProbeResult | null;
  reason: string | null;
  description: string;
  /** Wasm: whether a guest's exit code reaches the container's (checked with a module that exits 7) */
  exitCodes: 'propagated' | 'lost' | null;
}

export interface ProbeContext {
  engine: ContainerEngine;
  info: EngineInfo;
  builder: BuilderName;
  registry: CleanupRegistry;
  clock: Clock;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

type ProbeImageName = 'native' | 'wasm' | 'wasm-exit';

interface ProbeImages {
  native?: string;
  wasm?: string;
  'wasm-exit'?: string;
  buildError: Partial<Record<ProbeImageName, string>>;
}

async function buildProbeImages(context: ProbeContext, kinds: Set<'native' | 'wasm'>): Promise<ProbeImages> {
  const images: ProbeImages = { buildError: {} };
  const tagBase = `dockerwasm/probe:${sessionId}`;
  const variants: Record<ProbeImageName, { file: Buffer; name: string; platform: string }> = {
    native: { file: helloX86_64, name: 'hello', platform: linuxPlatform(context.info) },
    wasm: { file: helloWasm, name: 'hello.wasm', platform: wasmPlatform(context.builder, context.info) },
    'wasm-exit': { file: exit7Wasm, name: 'exit7.wasm', platform: wasmPlatform(context.builder, context.info) },
  };
  const wanted: ProbeImageName[] = [...kinds].flatMap((kind) => (kind === 'wasm' ? ['wasm', 'wasm-exit'] as const : ['native'] as const));
  for (const kind of wanted) {
    const variant = variants[kind];
    try {
      context.onProgress?.(`building the ${kind} probe image`);
      images[kind] = await buildScratchImage(context.engine, context.registry, {
        tag: `${tagBase}-${kind}`,
        file: variant.name,
        data: variant.file,
        mode: 0o755,
        platform: variant.platform,
        builder: context.builder,
        labels: labelsFor('probe'),
        ...(context.signal === undefined ? {} : { signal: context.signal }),
      });
    } catch (error) {
      images.buildError[kind] = messageOf(error);
    }
  }
  return images;
}

function unavailableBeforeProbe(profile: RuntimeProfile, info: EngineInfo): string | undefined {
  if (profile.registeredRuntime !== undefined && !info.runtimes.includes(profile.registeredRuntime)) {
    return `runtime ${profile.registeredRuntime} is not registered with dockerd (daemon.json "runtimes")`;
  }
  if (profile.kind === 'wasm' && info.imageStore !== 'containerd' && profile.shimBinary !== undefined) {
    return 'the engine does not use the containerd image store, which Wasm shims need ("features": {"containerd-snapshotter": true})';
  }
  return undefined;
}

async function probeOne(context: ProbeContext, profile: RuntimeProfile, images: ProbeImages): Promise<RuntimeStatus> {
  const image = images[profile.kind];
  const buildError = images.buildError[profile.kind];
  const status: RuntimeStatus = {
    name: profile.name,
    kind: profile.kind,
    available: true,
    probe: null,
    reason: null,
    description: profile.description,
    exitCodes: null,
  };
  const early = unavailableBeforeProbe(profile, context.info);
  if (early !== undefined) return { ...status, available: false, reason: early };
  if (image === undefined) {
    return { ...status, probe: { ok: false, engineVersion: context.info.serverVersion, ms: null, output: '', error: `probe image did not build: ${buildError}` }, reason: 'probe image did not build' };
  }
  context.onProgress?.(`probing ${profile.name}`);
  const runProbe = (reference: string) =>
    runContainer(
      context.engine,
      {
        image: reference,
        labels: labelsFor('probe'),
        runtime: profile.runtime,
        ...(profile.annotations === undefined ? {} : { annotations: profile.annotations }),
        networkMode: 'none',
      },
      { clock: context.clock, timeoutMs: 60_000, registry: context.registry, watchMemory: false, ...(context.signal ? { signal: context.signal } : {}) },
    );
  const run = await runProbe(image);
  const output = run.stdout.trim();
  const ok = run.outcome === 'ok' && output === probeOutput;
  status.probe = { ok, engineVersion: context.info.serverVersion, ms: run.totalMs, output };
  if (!ok) {
    const error = run.error ?? `unexpected output '${output}'${run.stderr ? `; stderr: ${run.stderr.trim()}` : ''}`;
    status.probe.error = error;
    const missing = missingShimReason(profile, error);
    if (run.errorCode === 'ENGINE_TIMEOUT') {
      // a container that never starts: not a slow runtime, one this engine cannot run (its shim was killed)
      status.available = false;
      status.reason = `hangs on this engine (Docker ${context.info.serverVersion}): ${error}; run it on another engine (DOCKER_HOST) or leave it out (--runtimes)`;
    } else if (missing !== undefined) {
      status.available = false;
      status.probe = null;
      status.reason = missing;
    } else {
      status.reason = `probe failed: ${error}`;
    }
  }
  if (ok && profile.kind === 'wasm' && images['wasm-exit'] !== undefined) {
    const exit = await runProbe(images['wasm-exit']);
    status.exitCodes = exit.exitCode === exit7Code ? 'propagated' : 'lost';
  }
  return status;
}

export async function probeRuntimes(context: ProbeContext, profiles: readonly RuntimeProfile[]): Promise<RuntimeStatus[]> {
  const kinds = new Set(profiles.filter((p) => unavailableBeforeProbe(p, context.info) === undefined).map((p) => p.kind));
  const images = await buildProbeImages(context, kinds);
  const results: RuntimeStatus[] = [];
  for (const profile of profiles) {
    results.push(await probeOne(context, profile, images));
  }
  return results;
}

/** The profiles a run asks for ('all', or names: runc, the baseline, always among them), each probed live. */
export async function probeWantedProfiles(context: ProbeContext, runtimes: readonly string[] | 'all', say: (line: string) => void): Promise<RuntimeStatus[]> {
  const wanted = runtimes === 'all' ? runtimeProfiles : runtimeProfiles.filter((p) => p.name === baselineVariant || runtimes.includes(p.name));
  say(`probing ${wanted.length} runtime profile(s)`);
  const statuses = await probeRuntimes(context, wanted);
  // an interrupted probe looks like a broken runtime; say what really happened
  if (context.signal?.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted while probing the runtimes');
  return statuses;
}
