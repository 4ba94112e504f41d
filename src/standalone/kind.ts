// `runtimes`: the same module on standalone runtimes, outside containers, each sample one fresh process under
// the meter. What it gives the run skeleton: its settings, its preparation, its plan (the warm-ups of every
// cell, then round after round of samples, each round every cell once in an order shuffled from the
// recorded seed; cells with fewer samples drop out of the later rounds), and one metered process per step.
// A timeout or a crash is recorded and the run goes on.
import { parseStandaloneSettings, standaloneLabel, type StandaloneSettings } from './settings.js';
import { standaloneDefinitions } from '../results/definitions.js';
import { builtWith, type StandaloneEnvironment } from '../results/environment.js';
import { readGuestResult, type GuestResult } from '../results/guest-result.js';
import type { StandaloneOutcome, StandaloneSample } from '../results/standalone-records.js';
import { standaloneRecordVersion } from '../results/standalone-records.js';
import type { RunKind, RunKindBase } from '../run/run-kind.js';
import { seededShuffler } from '../run/seeded-shuffle.js';
import { programFolder } from '../workloads/program.js';
import { definitionOf, guestArguments, workloadLabel, workloadScale } from '../workloads/workload.js';
import { prepareStandalone, type StandaloneCell, type StandaloneDeps, type StandalonePreparation } from './prepare.js';
import { runMetered, type MeteredRun } from './process-meter.js';
import { commandArgs } from './runtimes.js';
import { programNeeds } from './prepare.js';

export interface StandaloneStep {
  id: string;
  runtime: string;
  workload: string;
  phase: 'warmup' | 'sample';
  index: number;
}

export const standaloneStepId = (runtime: string, workload: string, phase: 'warmup' | 'sample', index: number) => `run:${runtime}:${workload}:${phase}:${index}`;

export function planStandalone(
  cells: readonly { runtime: string; workload: string; samples: number }[],
  settings: Pick<StandaloneSettings, 'warmup' | 'seed'>,
): StandaloneStep[] {
  const shuffle = seededShuffler(settings.seed);
  const steps: StandaloneStep[] = [];
  const add = (cell: { runtime: string; workload: string }, phase: 'warmup' | 'sample', index: number) =>
    steps.push({ id: standaloneStepId(cell.runtime, cell.workload, phase, index), runtime: cell.runtime, workload: cell.workload, phase, index });
  for (let w = 0; w < settings.warmup; w++) for (const cell of shuffle(cells)) add(cell, 'warmup', w);
  const rounds = Math.max(0, ...cells.map((cell) => cell.samples));
  for (let i = 0; i < rounds; i++) for (const cell of shuffle(cells.filter((c) => c.samples > i))) add(cell, 'sample', i);
  return steps;
}

function outcomeOf(run: MeteredRun, guest: GuestResult | null): { outcome: StandaloneOutcome; error: string | null } {
  const { meter } = run;
  const stderr = run.stderrTail.trim();
  if (meter.execError) return { outcome: 'not-started', error: meter.execError };
  if (meter.timedOut) return { outcome: 'timeout', error: `killed at the per-sample timeout${stderr ? `; stderr: ${stderr.split('\n').at(-1)}` : ''}` };
  if (meter.signal) return { outcome: 'signal', error: `killed by SIG${meter.signal}${stderr ? `: ${stderr.split('\n').at(-1)}` : ''}` };
  if (meter.exitCode !== 0) return { outcome: 'exit-code', error: `exit code ${meter.exitCode}${stderr ? `: ${stderr.replace(/\s*\n\s*/g, ' | ').slice(0, 400)}` : ''}` };
  if (guest === null) return { outcome: 'no-result', error: `exited 0 without a result line${run.stdout.trim() ? `: ${run.stdout.trim().slice(0, 200)}` : ''}` };
  return { outcome: 'ok', error: null };
}

async function runStep(prep: StandalonePreparation, cell: StandaloneCell, step: StandaloneStep, settings: StandaloneSettings, signal: AbortSignal): Promise<StandaloneSample> {
  const { availability, runtime, module } = cell;
  const definition = definitionOf(cell.workload);
  const needs = programNeeds(definition);
  const native = runtime.program === 'guest';
  const file = native ? module.path : availability.program!;
  const args = native ? guestArguments(cell.workload) : commandArgs(runtime, { module: module.path, ...(availability.launcher ? { launcher: availability.launcher } : {}) }, guestArguments(cell.workload), undefined, needs);
  const folder = programFolder(definition);
  const run = await runMetered(prep.meter, file, args, {
    timeoutMs: settings.timeoutSeconds * 1000,
    signal,
    untraced: runtime.untraced !== undefined,
    // a user's program runs in its folder (it reads its files by relative path); natively its environment is the process's
    ...(folder ? { cwd: folder } : {}),
    ...(native && needs.env.length ? { env: needs.env } : {}),
  });
  const guest = run.meter.exitCode === 0 ? readGuestResult(definition.result, definition.name, run.stdout) : null;
  const { outcome, error } = outcomeOf(run, guest);
  const kib = (value: number | null) => (value === null ? null : value * 1024);
  return {
    schema: standaloneRecordVersion,
    type: 'standalone-run',
    step: step.id,
    runtime: runtime.name,
    workload: cell.label,
    phase: step.phase,
    index: step.index,
    outcome,
    wallMs: run.meter.wallNs / 1e6,
    userMs: run.meter.userUs / 1e3,
    sysMs: run.meter.sysUs / 1e3,
    maxRssBytes: kib(run.meter.maxRssKiB),
    vmPeakBytes: kib(run.meter.vmPeakKiB),
    vmHwmBytes: kib(run.meter.vmHwmKiB),
    exitCode: run.meter.exitCode,
    signal: run.meter.signal,
    guest,
    error,
    at: new Date().toISOString(),
  };
}

export const standaloneBase = {
  kind: 'standalone',
  phases: { run: 'runs' },
  resumable: { timeoutSeconds: 'it decides only when a process is given up; a process that ended was measured the same' },
  parseSettings: parseStandaloneSettings,
  label: (settings) => standaloneLabel(settings.workloads),
} as const satisfies RunKindBase<StandaloneSettings>;

export function standaloneKind(deps: StandaloneDeps): RunKind<StandaloneSettings, StandalonePreparation, StandaloneEnvironment, StandaloneStep, StandaloneSample> {
  return {
    ...standaloneBase,
    prepare: (settings) => prepareStandalone(deps, settings),
    environment(settings, prep) {
      const anyGuest = [...prep.guests.values()][0];
      const withDataset = [...prep.guests.values()].find((g) => g.dataset !== null);
      return {
        runtimes: prep.runtimes.map(({ runtime, availability }) => ({
          name: runtime.name,
          label: runtime.label,
          thesisRow: runtime.thesisRow,
          kind: runtime.kind,
          module: runtime.module,
          available: availability.available,
          program: availability.program,
          version: availability.version,
          source: availability.source,
          reason: availability.reason,
          untraced: runtime.untraced ?? null,
          description: runtime.description,
        })),
        skipped: prep.skipped,
        workloads: settings.workloads.map((w) => ({
          label: workloadLabel(w),
          algorithm: w.algorithm,
          scale: workloadScale(w),
          args: guestArguments(w),
          samples: prep.cells.find((c) => c.label === workloadLabel(w))?.samples ?? 0,
        })),
        modules: prep.modules.map(({ workload, module, path, bytes, sha256, compiler, compileMs }) => ({ workload, module, file: path, bytes, sha256, compiler, compileMs })),
        guest: {
          toolchain: anyGuest ? builtWith(anyGuest.manifest.inputs) : 'unknown',
          dataset: withDataset?.dataset ? `${withDataset.dataset.source}, ${withDataset.dataset.rows} rows, sha256 ${withDataset.dataset.sha256.slice(0, 16)}` : null,
        },
        meter: 'meter/process-meter.c: fork + exec under ptrace (PTRACE_O_TRACEEXIT: VmPeak/VmHWM read at exit), rusage from wait4, CLOCK_MONOTONIC',
        definitions: standaloneDefinitions,
      };
    },
    runsOn: (prep) => prep.runtimes.filter((r) => r.availability.available).map((r) => r.runtime.name),
    ranOn: (saved) => saved.runtimes.filter((r) => r.available).map((r) => r.name),
    plan: (settings, prep) => planStandalone(prep.cells.map((cell) => ({ runtime: cell.runtime.name, workload: cell.label, samples: cell.samples })), settings),
    stepOf: (sample) => sample.step,
    measurer(settings, prep) {
      const cellOf = new Map(prep.cells.map((cell) => [`${cell.runtime.name}@${cell.label}`, cell]));
      return {
        async measure(step, append) {
          append(await runStep(prep, cellOf.get(`${step.runtime}@${step.workload}`)!, step, settings, deps.signal));
        },
        describe: (sample) => ({
          phase: 'run',
          line: `${sample.runtime} ${sample.workload} ${sample.phase} ${sample.index + 1}: ${sample.wallMs === null ? '-' : (sample.wallMs / 1000).toFixed(3)} s${sample.outcome === 'ok' ? '' : `  ${sample.outcome.toUpperCase()}: ${sample.error ?? ''}`}`,
        }),
      };
    },
  };
}
