// What a compare run needs before it measures: the images of its workload (images/), and what env.json
// records of the machine's runtime pieces.
import type { CompareSettings } from '../config/compare-settings.js';
import type { Calibration } from '../host/host-load.js';
import { localRuntimeVersions } from '../host/host.js';
import { prepareImages, type ContainerDeps, type ImagePreparation } from '../images/prepare-images.js';

export interface CompareDeps extends ContainerDeps {
  /** seconds to wait for an engine that stopped answering mid-run before giving up */
  engineRecoverySeconds?: number;
  /** leave the built images in the engine when done (they still carry the run's labels) */
  keepImages?: boolean;
  /** the host's calibration workload; injected so tests need not run it */
  calibrate?: () => Promise<Calibration>;
}

export interface ComparePreparation extends ImagePreparation {
  runId: string;
  runtimeVersions: Record<string, string | null> | null;
}

export async function prepareCompare(deps: CompareDeps, settings: CompareSettings, runId: string): Promise<ComparePreparation> {
  const { workload, runtimes, builder, base, form, timeoutSeconds, wasmtimePrecompiled, linuxOneThread, wasmThreads, inlineThreshold, allowMixedToolchains } = settings;
  const images = await prepareImages(
    deps,
    { workload, runtimes, builder, base, form, timeoutSeconds, build: { inlineThreshold }, allowMixedToolchains, variants: { wasmtimePrecompiled, linuxOneThread, wasmThreads } },
    runId,
  );
  return { ...images, runId, runtimeVersions: images.info.onThisMachine ? await localRuntimeVersions() : null };
}
