// One run of any kind into a results directory: env.json first, samples.jsonl as it goes, and env.json
// again with the time the plan completed. A resumed run goes on with its directory's plan after checking
// it is the same run, and measures nothing twice. The figures are the report's business, made from these
// files.
import { existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { DockerwasmError, isDockerwasmError } from '../errors.js';
import { hostDescription, toolDescription } from '../host/host.js';
import { completedEnvironment, newHeader, readEnvironment, resumedEnvironment, writeEnvironment, type AnyEnvironment, type SettingChange } from '../results/environment.js';
import { AppendLog, readSamples, samplesFile } from '../results/sample-log.js';
import { changeLines, resumeSettings } from './resume.js';
import type { PlannedStep, RunKind, RunKindBase, RunProgress } from './run-kind.js';

/** The run's id, from its directory's name: every image and container it makes carries it. */
export const runIdOf = (dir: string) => basename(dir).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').slice(0, 100);

export interface RunPlace<Settings> {
  dir: string;
  settings: Settings;
  /** the saved env.json, when this run resumes its directory */
  saved?: AnyEnvironment;
  /** resumable settings this resume changed */
  changes: Omit<SettingChange, 'at'>[];
}

/** A new run's place: its settings, and a directory that holds nothing yet. */
export function newRun<Settings>(dir: string, settings: Settings): RunPlace<Settings> {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new DockerwasmError('USAGE', `${dir} already holds files; pick a new --out, or continue it with --resume ${dir}`);
  }
  return { dir, settings, changes: [] };
}

/** A resumed run's place: its directory's saved settings with what was given now, by the one resume rule. */
export function resumedRun<Settings>(kind: RunKindBase<Settings>, dir: string, given: Record<string, unknown>): RunPlace<Settings> {
  const saved = readEnvironment(dir, kind.kind);
  const { settings, changes } = resumeSettings(dir, saved.settings, given, kind.parseSettings, kind.resumable);
  return { dir, settings, saved, changes };
}

export interface RunOptions {
  commandLine: string[];
  signal: AbortSignal;
  progress: RunProgress;
}

/** A run whose env.json is written: from here on, its directory holds this run's measurements. */
export interface StartedRun<Env> {
  env: Env;
  /** measures the rest of the plan; resolves with env.json as written when the plan completed */
  measure(): Promise<Env>;
}

/**
 * Checks the directory (new, or the same run to resume), prepares everything and writes env.json. A refusal
 * or a failure here leaves the directory as it was, apart from an empty samples.jsonl.
 */
export async function startRun<Settings, Prep, Env extends AnyEnvironment, Step extends PlannedStep, Record>(
  kind: RunKind<Settings, Prep, Env, Step, Record>,
  place: RunPlace<Settings>,
  options: RunOptions,
): Promise<StartedRun<Env>> {
  const { dir, settings, saved } = place;
  const { progress } = options;
  const previous = saved ? readPrevious(kind, dir, progress) : [];
  const log = new AppendLog<Record>(dir);
  for (const line of changeLines(place.changes, kind.resumable)) progress.info(line);
  const prep = await kind.prepare(settings, runIdOf(dir));
  if (saved) {
    const [then, now] = [kind.ranOn(saved as Env).join(', '), kind.runsOn(prep).join(', ')];
    const why = kind.mismatch?.(saved as Env, prep) ?? (then === now ? null : `the runtimes that work changed (then: ${then}; now: ${now})`);
    if (why !== null) throw new DockerwasmError('USAGE', `--resume ${dir}: ${why}`);
  }

  const header = newHeader(kind.kind, { command: options.commandLine, label: kind.label(settings), settings: settings as globalThis.Record<string, unknown>, tool: toolDescription(), host: hostDescription() });
  const env = (saved ? resumedEnvironment(saved, settings as globalThis.Record<string, unknown>, place.changes) : { ...header, ...kind.environment(settings, prep) }) as Env;
  await writeEnvironment(dir, env);
  return {
    env,
    async measure() {
      await measurePlan(kind, settings, prep, previous, (record) => log.append(record), options);
      const completed = completedEnvironment(env);
      await writeEnvironment(dir, completed);
      return completed;
    },
  };
}

function readPrevious<Record>(kind: RunKind<unknown, unknown, AnyEnvironment, PlannedStep, Record>, dir: string, progress: RunProgress): Record[] {
  const read = readSamples(dir, kind.kind);
  if (read.skipped.length > 0) progress.warn(`${read.skipped.length} incomplete line(s) in ${samplesFile} skipped (lines ${read.skipped.map((s) => s.line).join(', ')})`);
  return read.records as Record[];
}

/** The step loop: every step of the plan not yet recorded, in order, each one's records appended as made. */
async function measurePlan<Settings, Prep, Step extends PlannedStep, Record>(
  kind: RunKind<Settings, Prep, AnyEnvironment, Step, Record>,
  settings: Settings,
  prep: Prep,
  previous: readonly Record[],
  append: (record: Record) => void,
  options: RunOptions,
): Promise<void> {
  const { progress, signal } = options;
  const plan = kind.plan(settings, prep);
  const recorded = new Set(previous.flatMap((record) => kind.stepOf(record) ?? []));
  const measurer = kind.measurer(settings, prep, previous);
  const phaseOf = (step: Step) => Object.keys(kind.phases).find((phase) => step.id.startsWith(`${phase}:`));
  const total = new Map<string, number>();
  const done = new Map<string, number>();
  for (const step of plan) {
    const phase = phaseOf(step);
    if (phase === undefined) continue;
    total.set(phase, (total.get(phase) ?? 0) + 1);
    if (recorded.has(step.id)) done.set(phase, (done.get(phase) ?? 0) + 1);
  }
  if ([...done.values()].some((n) => n > 0)) {
    progress.info(`resuming: ${[...total.keys()].map((phase) => `${done.get(phase) ?? 0} of ${total.get(phase)} ${kind.phases[phase]}`).join(' and ')} already measured`);
  }
  const record = (value: Record) => {
    append(value);
    const said = measurer.describe(value);
    if (said === null) return;
    const count = (done.get(said.phase) ?? 0) + 1;
    done.set(said.phase, count);
    progress.recorded(said.phase, said.line, count, total.get(said.phase) ?? count);
  };
  for (const step of plan) {
    if (recorded.has(step.id)) continue;
    if (signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted');
    try {
      await measurer.measure(step, record);
    } catch (error) {
      if (!isDockerwasmError(error, 'ENGINE_UNAVAILABLE') || measurer.recover === undefined) throw error;
      await measurer.recover(error);
    }
  }
}

