// Before a density run measures: the runtime profiles probed, one image per program build the profiles
// need (for hello the probes' tiny programs, for a workload the experiment's own images at a small
// size), each built once (not measured), and one warm-up container per profile, whose output is the
// reference every measured container must print.
import { defaults, parseSettings, type Workload } from '../config/settings.js';
import type { DensitySettings, DensityWorkload } from '../config/density-settings.js';
import { guestArguments } from '../config/settings.js';
import { linuxPlatform, wasmPlatform, chooseBuilder } from '../engine/builders.js';
import { cgroupAccounting, type CgroupAccounting } from '../engine/cgroup-accounting.js';
import { labelsFor, runLabel } from '../engine/labels.js';
import { helloWasm, helloX86_64, probeOutput } from '../engine/probe/probe-payloads.js';
import { runContainer } from '../engine/run-container.js';
import { buildScratchImage } from '../engine/scratch-image.js';
import type { EngineInfo, Labels } from '../engine/types.js';
import { DockerwasmError } from '../errors.js';
import { imageBuildRequest, prepareExperiment, probeWantedProfiles, type ExperimentDeps } from '../experiment/prepare.js';
import { selectVariants } from '../experiment/variants.js';
import { parseGuestResult, type Outcome } from '../results/records.js';
import type { DensityVariant } from '../results/density-file.js';
import { baselineVariant } from '../results/variants.js';
import type { RuntimeStatus } from '../runtimes/probe-runtimes.js';

export type DensityDeps = Omit<ExperimentDeps, 'calibrate'>;

export interface DensityTarget extends DensityVariant {
  annotations?: Record<string, string>;
  cmd: string[];
}

export interface DensityPreparation {
  info: EngineInfo;
  statuses: RuntimeStatus[];
  skipped: { name: string; reason: string }[];
  targets: DensityTarget[];
  labels: Labels;
  cpuAccounting: CgroupAccounting;
  /** how a container's output is judged: what the warm-up printed is the reference */
  judge: (stdout: string) => Outcome;
  warmups: { variant: string; latencyMs: number | null; outcome: string }[];
}

async function helloTargets(deps: DensityDeps, settings: DensitySettings, info: EngineInfo, labels: Labels) {
  const builder = await chooseBuilder('auto', info);
  const statuses = await probeWantedProfiles(deps, info, builder, settings.runtimes);
  // hello is one module for every Wasm profile: WasmEdge interprets it (there is no AOT build of it)
  const selection = selectVariants({ runtimes: settings.runtimes, wasmtimePrecompiled: false }, statuses, new Set(['native', 'wasm']));
  const tag = `dockerwasm/density-hello:${labels[runLabel]}`;
  const images = {
    native: await buildScratchImage(deps.engine, deps.registry, { tag: `${tag}-native`, file: 'hello', data: helloX86_64, mode: 0o755, platform: linuxPlatform(info), builder, labels, signal: deps.signal }),
    wasm: await buildScratchImage(deps.engine, deps.registry, { tag: `${tag}-wasm`, file: 'hello.wasm', data: helloWasm, platform: wasmPlatform(builder, info), builder, labels, signal: deps.signal }),
  };
  const targets: DensityTarget[] = selection.variants.map((v) => ({
    name: v.name,
    kind: v.kind,
    runtime: v.runtime,
    image: v.kind === 'native' ? images.native : images.wasm,
    flavour: v.kind === 'native' ? 'native' : 'wasm',
    ...(v.profile.annotations ? { annotations: v.profile.annotations } : {}),
    cmd: [],
  }));
  return { statuses, skipped: selection.skipped, targets };
}

async function workloadTargets(deps: DensityDeps, settings: DensitySettings, workload: Workload, runId: string, labels: Labels) {
  const experiment = parseSettings({ workload, seed: settings.seed, runtimes: settings.runtimes, samples: 1, warmup: 0, base: defaults.base }, 'the density settings');
  const prep = await prepareExperiment(deps, experiment, runId);
  for (const image of prep.images) {
    deps.progress.info(`building ${image.reference} (once, not measured)`);
    deps.registry.image(image.reference);
    await deps.engine.buildImage(imageBuildRequest(image, labels, prep.builder, false, deps.signal));
  }
  const targets: DensityTarget[] = prep.variants.map((v) => ({
    name: v.name,
    kind: v.kind,
    runtime: v.runtime,
    image: prep.images.find((i) => i.name === v.image)!.reference,
    flavour: v.flavour,
    ...(v.profile.annotations ? { annotations: v.profile.annotations } : {}),
    cmd: guestArguments(workload),
  }));
  return { statuses: prep.statuses, skipped: prep.skipped, targets };
}

export async function prepareDensity(deps: DensityDeps, settings: DensitySettings, runId: string): Promise<DensityPreparation> {
  const info = await deps.engine.info();
  deps.progress.info(`engine: Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}`);
  const labels = labelsFor('experiment', { [runLabel]: runId });
  const workload: DensityWorkload = settings.workload;
  const { statuses, skipped, targets } =
    workload.algorithm === 'hello' ? await helloTargets(deps, settings, info, labels) : await workloadTargets(deps, settings, workload, runId, labels);
  for (const skip of skipped) deps.progress.info(`  skipping ${skip.name}: ${skip.reason}`);
  const cpuAccounting = deps.cpuAccounting ?? cgroupAccounting(info);
  if (!cpuAccounting.available) deps.progress.info(`container memory and CPU time ${cpuAccounting.description}`);

  // a workload's reference digest is what the runc warm-up computed (runc is the first target)
  let reference: string | null = null;
  const judge = (stdout: string): Outcome => {
    if (workload.algorithm === 'hello') return stdout.trim() === probeOutput ? 'ok' : 'no-result';
    const guest = parseGuestResult(stdout);
    return guest === null ? 'no-result' : guest.digest === reference ? 'ok' : 'digest-mismatch';
  };

  // one warm-up per profile, apart from the cells: the first start of a shim loads it from disk
  const warmups: DensityPreparation['warmups'] = [];
  for (const target of targets) {
    const run = await runContainer(
      deps.engine,
      { image: target.image, cmd: target.cmd, labels, runtime: target.runtime, ...(target.annotations ? { annotations: target.annotations } : {}), networkMode: 'none' },
      { clock: deps.clock, timeoutMs: settings.timeoutSeconds * 1000, registry: deps.registry, signal: deps.signal, watchMemory: false },
    );
    if (target.name === baselineVariant && run.outcome === 'ok') reference = parseGuestResult(run.stdout)?.digest ?? null;
    const outcome = run.outcome === 'ok' ? judge(run.stdout) : run.outcome;
    warmups.push({ variant: target.name, latencyMs: run.totalMs, outcome: outcome === 'ok' ? 'ok' : outcome === 'no-result' || outcome === 'digest-mismatch' ? 'wrong output' : outcome });
    deps.progress.info(`  warm-up ${target.name}: ${run.totalMs === null ? run.error : `${(run.totalMs / 1000).toFixed(3)} s`}${outcome === 'ok' ? '' : ` (${warmups.at(-1)!.outcome})`}`);
    if (target.name === baselineVariant && outcome !== 'ok') {
      throw new DockerwasmError('RUNTIME_UNAVAILABLE', `the ${baselineVariant} warm-up did not run: ${run.error ?? 'no result line'}`);
    }
  }
  return { info, statuses, skipped, targets, labels, cpuAccounting, judge, warmups };
}
