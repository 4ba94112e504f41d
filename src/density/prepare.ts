// Before a density run measures: the runtime profiles probed, one image per build the profiles need (for
// hello the probes' tiny programs, for a workload its images at a small size, made as compare makes
// them), each built once (not measured), and one warm-up container per profile. The baseline's warm-up
// output is the reference every measured container's output is judged against, when summarising.
import { isHello, type DensitySettings } from './settings.js';
import { defaults } from '../config/compare-settings.js';
import { chooseBuilder, linuxPlatform, wasmPlatform } from '../engine/builders.js';
import { cgroupAccounting, type CgroupAccounting } from '../engine/cgroup-accounting.js';
import { labelsFor, runLabel } from '../engine/labels.js';
import { helloWasm, helloX86_64, probeOutput } from '../engine/probe/probe-payloads.js';
import { runContainer, type RunMeasurement } from '../engine/run-container.js';
import { buildScratchImage } from '../engine/scratch-image.js';
import type { EngineInfo, Labels } from '../engine/types.js';
import { DockerwasmError } from '../errors.js';
import { imageBuildRequest, prepareImages, type ContainerDeps } from '../images/prepare-images.js';
import { probeWantedProfiles, type RuntimeStatus } from '../profiles/probe.js';
import { selectVariants } from '../profiles/variants.js';
import { containerVerdict, type DensityReference } from '../results/density-records.js';
import type { DensityEnvironment, DensityVariant } from '../results/environment.js';
import { readGuestResult, type GuestResult } from '../results/guest-result.js';
import { baselineVariant } from '../results/variants.js';
import { definitionOf, guestArguments, type Workload } from '../workloads/workload.js';

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
  /** what the baseline's warm-up printed: what every measured container must print */
  reference: DensityReference;
  read: Reader;
  /** what every container's environment holds beyond its variant's: a program's own */
  env: readonly string[];
  warmups: DensityEnvironment['warmups'];
}

/** What a container printed, as its record keeps it: a workload's result digest (hello has none), and the end of its output. */
export function printed(run: Pick<RunMeasurement, 'stdout'>, read: Reader): { digest: string | null; output: string } {
  const output = run.stdout.trim().slice(-200);
  return { digest: read(run.stdout)?.digest ?? null, output };
}

/** What a program computed, read by its protocol; hello is judged by its output alone. */
export type Reader = (stdout: string) => GuestResult | null;

async function helloTargets(deps: ContainerDeps, settings: DensitySettings, info: EngineInfo, labels: Labels) {
  const builder = await chooseBuilder('auto', info, deps.progress.info);
  const statuses = await probeWantedProfiles({ engine: deps.engine, info, builder, registry: deps.registry, clock: deps.clock, signal: deps.signal }, settings.runtimes, deps.progress.info);
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

async function workloadTargets(deps: ContainerDeps, settings: DensitySettings, workload: Workload, runId: string, labels: Labels) {
  const prep = await prepareImages(
    deps,
    { workload, runtimes: settings.runtimes, builder: 'auto', base: defaults.base, form: 'prebuilt', timeoutSeconds: settings.timeoutSeconds, variants: { wasmtimePrecompiled: false } },
    runId,
  );
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

export async function prepareDensity(deps: ContainerDeps, settings: DensitySettings, runId: string): Promise<DensityPreparation> {
  const info = await deps.engine.info();
  deps.progress.info(`engine: Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}`);
  const labels = labelsFor('experiment', { [runLabel]: runId });
  const { workload } = settings;
  const { statuses, skipped, targets } = isHello(workload) ? await helloTargets(deps, settings, info, labels) : await workloadTargets(deps, settings, workload as Workload, runId, labels);
  const definition = isHello(workload) ? null : definitionOf(workload as Workload);
  const read: Reader = definition ? (stdout) => readGuestResult(definition.result, definition.name, stdout) : () => null;
  const env = definition?.run.env ?? [];
  for (const skip of skipped) deps.progress.info(`  skipping ${skip.name}: ${skip.reason}`);
  const cpuAccounting = deps.cpuAccounting ?? cgroupAccounting(info);
  if (!cpuAccounting.available) deps.progress.info(`container memory and CPU time ${cpuAccounting.description}`);

  // one warm-up per profile, apart from the cells: the first start of a shim loads it from disk; the
  // baseline's (runc is the first target) prints the reference
  const warmups: DensityPreparation['warmups'] = [];
  let reference: DensityReference | null = null;
  for (const target of targets) {
    const run = await runContainer(
      deps.engine,
      { image: target.image, cmd: target.cmd, labels, runtime: target.runtime, ...(target.annotations ? { annotations: target.annotations } : {}), ...(env.length ? { env: [...env] } : {}), networkMode: 'none' },
      { clock: deps.clock, timeoutMs: settings.timeoutSeconds * 1000, registry: deps.registry, signal: deps.signal, watchMemory: false },
    );
    const output = printed(run, read);
    if (target.name === baselineVariant) {
      const expected = isHello(workload) ? probeOutput : null;
      if (run.outcome !== 'ok' || (expected !== null ? output.output !== expected : output.digest === null)) {
        throw new DockerwasmError('RUNTIME_UNAVAILABLE', `the ${baselineVariant} warm-up did not run: ${run.error ?? 'no result line'}`);
      }
      reference = { digest: output.digest, output: output.output };
    }
    warmups.push({ variant: target.name, latencyMs: run.totalMs, outcome: run.outcome, ...output });
    const verdict = containerVerdict({ outcome: run.outcome, ...output }, reference);
    deps.progress.info(`  warm-up ${target.name}: ${run.totalMs === null ? run.error : `${(run.totalMs / 1000).toFixed(3)} s`}${verdict === 'ok' ? '' : ` (${verdict})`}`);
  }
  return { info, statuses, skipped, targets, labels, cpuAccounting, reference: reference!, read, env, warmups };
}
