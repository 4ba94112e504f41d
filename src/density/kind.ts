// `density`: many containers of one program at a time per runtime profile. What it gives the run skeleton:
// its settings, its preparation (probe, build once, warm up), its plan (every (profile, concurrency) pair in
// each round, in an order shuffled from the recorded seed, so a drift of the host is spread over the
// profiles instead of landing on one), and one measured cell per step.
import { noNetwork } from '../engine/types.js';
import { densityLabel, parseDensitySettings, type DensitySettings } from './settings.js';
import { DockerwasmError } from '../errors.js';
import type { ContainerDeps } from '../images/prepare-images.js';
import { densityDefinitions } from '../results/definitions.js';
import { containerVerdict, type DensityCell } from '../results/density-records.js';
import type { DensityEnvironment } from '../results/environment.js';
import type { RunKind, RunKindBase } from '../run/run-kind.js';
import { seededShuffler } from '../run/seeded-shuffle.js';
import { prepareDensity, type DensityPreparation } from './prepare.js';
import { runCell } from './run-cell.js';

export interface DensityStep {
  id: string;
  variant: string;
  concurrency: number;
  round: number;
}

export function planDensity(variants: readonly string[], settings: Pick<DensitySettings, 'concurrency' | 'rounds' | 'seed'>): DensityStep[] {
  const shuffle = seededShuffler(settings.seed);
  const steps: DensityStep[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const cells = variants.flatMap((variant) => settings.concurrency.map((concurrency) => ({ variant, concurrency })));
    for (const cell of shuffle(cells)) steps.push({ id: `cell:${cell.variant}:c${cell.concurrency}:r${round}`, ...cell, round });
  }
  return steps;
}

export const densityBase = {
  kind: 'density',
  phases: { cell: 'cells' },
  resumable: { timeoutSeconds: 'it decides only when a container is given up; a container that ended was measured the same' },
  parseSettings: parseDensitySettings,
  label: (settings) => `density-${densityLabel(settings.workload)}`,
} as const satisfies RunKindBase<DensitySettings>;

export function densityKind(deps: ContainerDeps): RunKind<DensitySettings, DensityPreparation, DensityEnvironment, DensityStep, DensityCell> {
  return {
    ...densityBase,
    prepare: (settings, runId) => prepareDensity(deps, settings, runId),
    environment: (_settings, prep) => ({
      engine: { ...prep.info, containerNetwork: noNetwork },
      runtimes: prep.statuses.map((s) => ({ name: s.name, kind: s.kind, available: s.available, probeOk: s.probe?.ok ?? null, reason: s.reason })),
      skippedRuntimes: prep.skipped,
      variants: prep.targets.map(({ name, kind, runtime, image, flavour }) => ({ name, kind, runtime, image, flavour })),
      accounting: {
        cgroups: prep.cpuAccounting.description,
        processes: prep.info.onThisMachine ? 'from /proc on this machine (the engine runs here)' : 'not measured: the engine runs elsewhere',
      },
      warmups: prep.warmups,
      definitions: densityDefinitions,
    }),
    runsOn: (prep) => prep.targets.map((t) => t.name),
    ranOn: (saved) => saved.variants.map((v) => v.name),
    plan: (settings, prep) => planDensity(prep.targets.map((t) => t.name), settings),
    stepOf: (cell) => cell.step,
    measurer: (settings, prep) => ({
      async measure(step, append) {
        const cell = await runCell(
          {
            engine: deps.engine,
            registry: deps.registry,
            clock: deps.clock,
            signal: deps.signal,
            labels: prep.labels,
            cpuAccounting: prep.cpuAccounting,
            readProcesses: prep.info.onThisMachine,
            timeoutMs: settings.timeoutSeconds * 1000,
            read: prep.read,
            env: prep.env,
          },
          prep.targets.find((t) => t.name === step.variant)!,
          { step: step.id, concurrency: step.concurrency, round: step.round, containers: settings.containers },
        );
        append(cell);
        if (cell.outcome === 'engine-unavailable') {
          const lost = cell.containers.find((c) => c.outcome === 'engine-unavailable');
          throw new DockerwasmError('ENGINE_UNAVAILABLE', `the engine stopped answering during ${step.id}: ${lost?.error ?? 'no answer'}`);
        }
      },
      describe(cell) {
        const failed = cell.containers.filter((c) => containerVerdict(c, prep.reference) !== 'ok');
        const ok = cell.containers.length - failed.length;
        const first = failed[0];
        const why = first ? (first.error ?? `${containerVerdict(first, prep.reference)}: ${first.output?.split('\n').at(-1) ?? ''}`) : '';
        return { phase: 'cell', line: `${step(cell)}: ${(ok / (cell.wallMs / 1000)).toFixed(2)} containers/s${failed.length ? `, ${failed.length} FAILED (${why})` : ''}` };
      },
    }),
  };
}

const step = (cell: DensityCell) => `${cell.variant}, concurrency ${cell.concurrency}, round ${cell.round + 1}`;
