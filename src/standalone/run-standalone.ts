// A standalone run from start to end: prepare, write env.json, then run every step of the plan not yet
// recorded, each one fresh process under the meter, appending each to samples.jsonl as it ends. The plan:
// the warm-ups of every cell, then round after round of samples, each round every cell once in an order
// shuffled from the recorded seed (cells with fewer samples drop out of the later rounds). A resumed run
// skips recorded steps; a timeout or a crash is recorded and the run goes on.
import { workloadLabel, workloadScale, guestArguments } from '../config/settings.js';
import { standaloneLabel, standaloneSettingsSchema, type StandaloneSettings } from '../config/standalone-settings.js';
import { commandArgs } from '../config/standalone-runtimes.js';
import { DockerwasmError } from '../errors.js';
import { hostDescription, toolDescription } from '../experiment/host.js';
import { seededShuffler } from '../experiment/plan.js';
import { standaloneDefinitions } from '../results/definitions.js';
import { parseGuestResult } from '../results/records.js';
import {
  StandaloneLog,
  readStandaloneEnvironment,
  readStandaloneSamples,
  writeStandaloneEnvironment,
  type StandaloneEnvironment,
  type StandaloneOutcome,
  type StandaloneSample,
} from '../results/standalone-file.js';
import { prepareStandalone, type StandaloneCell, type StandaloneDeps, type StandalonePreparation } from './prepare.js';
import { runMetered, type MeteredRun } from './process-meter.js';

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

export interface StandaloneProgress {
  info(line: string): void;
  warn(line: string): void;
  step(step: StandaloneStep, done: number, total: number): void;
  recorded(sample: StandaloneSample): void;
}

export interface RunStandaloneOptions extends Omit<StandaloneDeps, 'progress'> {
  progress: StandaloneProgress;
  settings: StandaloneSettings;
  dir: string;
  resume: boolean;
  commandLine: string[];
}

function environmentOf(options: RunStandaloneOptions, prep: StandalonePreparation): StandaloneEnvironment {
  const anyGuest = [...prep.guests.values()][0];
  const tree = [...prep.guests.values()].find((g) => g.dataset !== null);
  return {
    schema: 1,
    kind: 'standalone',
    createdAt: new Date().toISOString(),
    resumedAt: [],
    completedAt: null,
    command: options.commandLine,
    label: standaloneLabel(options.settings.workloads),
    settings: options.settings as unknown as Record<string, unknown>,
    tool: toolDescription(),
    host: hostDescription(),
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
    workloads: options.settings.workloads.map((w) => ({
      label: workloadLabel(w),
      algorithm: w.algorithm,
      scale: workloadScale(w),
      args: guestArguments(w),
      samples: prep.cells.find((c) => c.label === workloadLabel(w))?.samples ?? 0,
    })),
    modules: prep.modules.map(({ workload, module, path, bytes, sha256, compiler, compileMs }) => ({ workload, module, file: path, bytes, sha256, compiler, compileMs })),
    guest: { rustc: String(anyGuest?.manifest.inputs.rustc ?? 'unknown'), dataset: tree?.dataset ? `${tree.dataset.source}, ${tree.dataset.rows} rows, sha256 ${tree.dataset.sha256.slice(0, 16)}` : null },
    meter: 'meter/process-meter.c: fork + exec under ptrace (PTRACE_O_TRACEEXIT: VmPeak/VmHWM read at exit), rusage from wait4, CLOCK_MONOTONIC',
    definitions: standaloneDefinitions,
  };
}

/** The settings of the directory to resume. */
export function resumedStandaloneSettings(dir: string): StandaloneSettings {
  const env = readStandaloneEnvironment(dir);
  const parsed = standaloneSettingsSchema.safeParse(env.settings);
  if (!parsed.success) throw new DockerwasmError('INPUT', `${dir}/env.json: its settings are not ones this dockerwasm reads (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

function outcomeOf(run: MeteredRun): { outcome: StandaloneOutcome; error: string | null } {
  const { meter } = run;
  const stderr = run.stderrTail.trim();
  if (meter.execError) return { outcome: 'not-started', error: meter.execError };
  if (meter.timedOut) return { outcome: 'timeout', error: `killed at the per-sample timeout${stderr ? `; stderr: ${stderr.split('\n').at(-1)}` : ''}` };
  if (meter.signal) return { outcome: 'signal', error: `killed by SIG${meter.signal}${stderr ? `: ${stderr.split('\n').at(-1)}` : ''}` };
  if (meter.exitCode !== 0) return { outcome: 'exit-code', error: `exit code ${meter.exitCode}${stderr ? `: ${stderr.replace(/\s*\n\s*/g, ' | ').slice(0, 400)}` : ''}` };
  if (parseGuestResult(run.stdout) === null) return { outcome: 'no-result', error: `exited 0 without a result line${run.stdout.trim() ? `: ${run.stdout.trim().slice(0, 200)}` : ''}` };
  return { outcome: 'ok', error: null };
}

async function runStep(prep: StandalonePreparation, cell: StandaloneCell, step: StandaloneStep, options: RunStandaloneOptions): Promise<StandaloneSample> {
  const { availability, runtime, module } = cell;
  const file = runtime.program === 'guest' ? module.path : availability.program!;
  const args = runtime.program === 'guest' ? guestArguments(cell.workload) : commandArgs(runtime, { module: module.path, ...(availability.launcher ? { launcher: availability.launcher } : {}) }, guestArguments(cell.workload));
  const run = await runMetered(prep.meter, file, args, { timeoutMs: options.settings.timeoutSeconds * 1000, signal: options.signal, untraced: runtime.untraced !== undefined });
  const { outcome, error } = outcomeOf(run);
  const kib = (value: number | null) => (value === null ? null : value * 1024);
  return {
    schema: 1,
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
    guest: parseGuestResult(run.stdout),
    error,
    at: new Date().toISOString(),
  };
}

/** Runs every step not yet in `dir`; resolves with env.json as written at the end. */
export async function runStandalone(options: RunStandaloneOptions): Promise<StandaloneEnvironment> {
  const { dir, settings, progress } = options;
  const previous = options.resume ? readStandaloneSamples(dir).samples : [];
  const saved = options.resume ? readStandaloneEnvironment(dir) : undefined;
  const log = new StandaloneLog(dir);
  const prep = await prepareStandalone({ ...options, progress: { info: progress.info, warn: progress.warn } }, settings);
  const cellKey = (c: { runtime: string; workload: string }) => `${c.runtime}@${c.workload}`;
  const cells = prep.cells.map((cell) => ({ runtime: cell.runtime.name, workload: cell.label, samples: cell.samples }));
  if (saved) {
    const then = saved.runtimes.filter((r) => r.available).map((r) => r.name).join(', ');
    const now = prep.runtimes.filter((r) => r.availability.available).map((r) => r.runtime.name).join(', ');
    if (then !== now) throw new DockerwasmError('USAGE', `--resume ${dir}: the runtimes that work changed (then: ${then}; now: ${now})`);
  }
  for (const skip of prep.skipped) if (!prep.runtimes.find((r) => r.runtime.name === skip.runtime)?.availability.reason) progress.info(`  skipping ${skip.runtime} on ${skip.workload}: ${skip.reason}`);
  let env: StandaloneEnvironment = saved ? { ...saved, completedAt: null, resumedAt: [...saved.resumedAt, new Date().toISOString()] } : environmentOf(options, prep);
  await writeStandaloneEnvironment(dir, env);

  const plan = planStandalone(cells, settings);
  const done = new Set(previous.map((sample) => sample.step));
  let recorded = plan.filter((step) => done.has(step.id)).length;
  if (recorded > 0) progress.info(`resuming: ${recorded} of ${plan.length} runs already measured`);
  const cellOf = new Map(prep.cells.map((cell) => [cellKey({ runtime: cell.runtime.name, workload: cell.label }), cell]));
  for (const step of plan) {
    if (done.has(step.id)) continue;
    if (options.signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted');
    progress.step(step, recorded, plan.length);
    const sample = await runStep(prep, cellOf.get(cellKey(step))!, step, options);
    log.append(sample);
    recorded++;
    progress.recorded(sample);
  }
  env = { ...env, completedAt: new Date().toISOString() };
  await writeStandaloneEnvironment(dir, env);
  return env;
}

