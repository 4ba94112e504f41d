// `compare`: one workload, the Linux image under runc against the Wasm image under every runtime profile,
// its builds, image sizes and container runs interleaved from a recorded seed. What it gives the run
// skeleton: its settings, its preparation (images/), its plan, its measurer.
import { parseCompareSettings, type CompareSettings } from '../config/compare-settings.js';
import type { CgroupAccounting } from '../engine/cgroup-accounting.js';
import type { Calibration } from '../host/host-load.js';
import { localRuntimeVersions } from '../host/host.js';
import { prepareImages, type ContainerDeps, type ImagePreparation } from '../images/prepare-images.js';
import type { CompareRecord } from '../results/compare-records.js';
import { definitions } from '../results/definitions.js';
import type { CompareEnvironment } from '../results/environment.js';
import type { ImageInfo, VariantInfo } from '../results/variants.js';
import type { RunKind, RunKindBase } from '../run/run-kind.js';
import { workloadLabel } from '../workloads/workload.js';
import { CompareMeasurer } from './measure.js';
import { planCompare, type CompareStep } from './plan.js';

export interface CompareDeps extends ContainerDeps {
  /** seconds to wait for an engine that stopped answering mid-run before giving up */
  engineRecoverySeconds?: number;
  /** leave the built images in the engine when done (they still carry the run's labels) */
  keepImages?: boolean;
  /** the host's calibration workload; injected so tests need not run it */
  calibrate?: () => Promise<Calibration>;
  cpuAccounting?: CgroupAccounting;
}

export interface ComparePreparation extends ImagePreparation {
  runId: string;
  runtimeVersions: Record<string, string | null> | null;
}

const variantInfo = (prep: ComparePreparation): VariantInfo[] => prep.variants.map(({ profile: _profile, ...info }) => info);
const imageInfo = (prep: ComparePreparation): ImageInfo[] => prep.images.map(({ name, reference, flavour, artifactBytes }) => ({ name, reference, flavour, artifactBytes }));

export const compareBase = {
  kind: 'compare',
  phases: { build: 'builds', run: 'runs' },
  resumable: { timeoutSeconds: 'it decides only when a sample is given up; a sample that ended was measured the same' },
  parseSettings: parseCompareSettings,
  label: (settings) => workloadLabel(settings.workload),
} as const satisfies RunKindBase<CompareSettings>;

export function compareKind(deps: CompareDeps): RunKind<CompareSettings, ComparePreparation, CompareEnvironment, CompareStep, CompareRecord> {
  return {
    ...compareBase,
    async prepare(settings, runId) {
      const images = await prepareImages(
        deps,
        {
          workload: settings.workload,
          runtimes: settings.runtimes,
          builder: settings.builder,
          base: settings.base,
          form: settings.form,
          variants: { wasmtimePrecompiled: settings.wasmtimePrecompiled, linuxOneThread: settings.linuxOneThread, wasmThreads: settings.wasmThreads },
        },
        runId,
      );
      return { ...images, runId, runtimeVersions: images.info.sharesLoopback ? await localRuntimeVersions() : null };
    },
    environment: (_settings, prep) => ({
      engine: { ...prep.info, builder: prep.builder },
      cpuAccounting: prep.cpuAccounting.description,
      runtimes: prep.statuses.map((s) => ({ name: s.name, kind: s.kind, available: s.available, probeOk: s.probe?.ok ?? null, probeMs: s.probe?.ms ?? null, reason: s.reason })),
      runtimeVersions: prep.runtimeVersions,
      skippedRuntimes: prep.skipped,
      base: prep.base,
      guest: { key: prep.guest.key, sourceHash: prep.guest.manifest.sourceHash, folder: prep.guest.folder, inputs: prep.guest.manifest.inputs, artifacts: prep.guest.manifest.artifacts },
      dataset: prep.guest.dataset,
      variants: variantInfo(prep),
      images: imageInfo(prep),
      definitions,
    }),
    mismatch(saved, prep) {
      if (saved.guest.sourceHash !== prep.guest.manifest.sourceHash) return 'the guest changed since this run began (sources, dataset or toolchain); its samples would mix two builds';
      const then = saved.variants.map((v) => v.name).join(', ');
      const now = variantInfo(prep).map((v) => v.name).join(', ');
      return then === now ? null : `the runtimes that work changed (then: ${then}; now: ${now})`;
    },
    plan: (settings, prep) =>
      planCompare({
        images: prep.images.map((i) => i.name),
        variants: prep.variants.map((v) => v.name),
        samples: settings.samples,
        warmup: settings.warmup,
        seed: settings.seed,
        noCacheBuilds: settings.noCacheBuilds,
      }),
    stepOf: (record) => ('step' in record ? record.step : undefined),
    measurer: (settings, prep, previous) => new CompareMeasurer(deps, settings, prep, previous),
  };
}

