// `compare`: one workload, the Linux image under runc against the Wasm image under every runtime profile,
// its builds, image sizes and container runs interleaved from a recorded seed. What it gives the run
// skeleton: its settings, its preparation (images/), its plan, its measurer.
import { noNetwork } from '../engine/types.js';
import { parseCompareSettings, type CompareSettings } from '../config/compare-settings.js';
import type { CompareRecord } from '../results/compare-records.js';
import { definitions } from '../results/definitions.js';
import type { CompareEnvironment } from '../results/environment.js';
import type { ImageInfo, VariantInfo } from '../results/variants.js';
import type { RunKind, RunKindBase } from '../run/run-kind.js';
import { workloadLabel } from '../workloads/workload.js';
import { CompareMeasurer } from './measure.js';
import { planCompare, type CompareStep } from './plan.js';
import { prepareCompare, type CompareDeps, type ComparePreparation } from './preparation.js';

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
    prepare: (settings, runId) => prepareCompare(deps, settings, runId),
    environment: (_settings, prep) => ({
      engine: { ...prep.info, builder: prep.builder, containerNetwork: noNetwork },
      cpuAccounting: prep.cpuAccounting.description,
      runtimes: prep.statuses.map((s) => ({ name: s.name, kind: s.kind, available: s.available, probeOk: s.probe?.ok ?? null, probeMs: s.probe?.ms ?? null, reason: s.reason })),
      runtimeVersions: prep.runtimeVersions,
      skippedRuntimes: prep.skipped,
      mixedToolchains: prep.mixedToolchains,
      base: prep.base,
      guest: { key: prep.guest.key, sourceHash: prep.guest.manifest.sourceHash, folder: prep.guest.folder, inputs: prep.guest.manifest.inputs, artifacts: prep.guest.manifest.artifacts },
      dataset: prep.guest.dataset,
      variants: variantInfo(prep),
      images: imageInfo(prep),
      definitions,
    }),
    runsOn: (prep) => prep.variants.map((v) => v.name),
    ranOn: (saved) => saved.variants.map((v) => v.name),
    mismatch: (saved, prep) =>
      saved.guest.sourceHash === prep.guest.manifest.sourceHash ? null : 'the guest changed since this run began (sources, dataset or toolchain); its samples would mix two builds',
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

