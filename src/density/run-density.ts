// A density run from start to end: prepare (probe, build, warm up), write env.json, then measure every
// cell of the plan not yet recorded, appending each to samples.jsonl as it ends. The plan is every
// (profile, concurrency) pair in each round, in an order shuffled from the recorded seed, so a drift of
// the host is spread over the profiles instead of landing on one. A resumed run skips recorded cells.
import { basename } from 'node:path';
import { densityLabel, densitySettingsSchema, type DensitySettings } from '../config/density-settings.js';
import { DockerwasmError } from '../errors.js';
import { hostDescription, toolDescription } from '../experiment/host.js';
import { seededShuffler } from '../experiment/plan.js';
import { densityDefinitions } from '../results/definitions.js';
import {
  DensityLog,
  readDensityCells,
  readDensityEnvironment,
  writeDensityEnvironment,
  type DensityCell,
  type DensityEnvironment,
} from '../results/density-file.js';
import { prepareDensity, type DensityDeps, type DensityPreparation } from './prepare.js';
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

export interface DensityProgress {
  info(line: string): void;
  warn(line: string): void;
  /** a cell began: `done` cells of `total` are recorded */
  cell(step: DensityStep, done: number, total: number): void;
  /** a cell was recorded */
  recorded(cell: DensityCell): void;
}

export interface RunDensityOptions extends Omit<DensityDeps, 'progress'> {
  progress: DensityProgress;
  settings: DensitySettings;
  dir: string;
  resume: boolean;
  commandLine: string[];
}

function environmentOf(options: RunDensityOptions, prep: DensityPreparation): DensityEnvironment {
  return {
    schema: 1,
    kind: 'density',
    createdAt: new Date().toISOString(),
    resumedAt: [],
    completedAt: null,
    command: options.commandLine,
    label: densityLabel(options.settings.workload),
    settings: options.settings as unknown as Record<string, unknown>,
    tool: toolDescription(),
    host: hostDescription(),
    engine: { ...prep.info },
    runtimes: prep.statuses.map((s) => ({ name: s.name, kind: s.kind, available: s.available, probeOk: s.probe?.ok ?? null, reason: s.reason })),
    skippedRuntimes: prep.skipped,
    variants: prep.targets.map(({ name, kind, runtime, image, flavour }) => ({ name, kind, runtime, image, flavour })),
    accounting: {
      cgroups: prep.cpuAccounting.description,
      processes: prep.info.sharesLoopback ? 'from /proc on this machine (the engine runs here)' : 'not measured: the engine runs elsewhere',
    },
    warmups: prep.warmups,
    definitions: densityDefinitions,
  };
}

/** The settings of the directory to resume, with the options given now checked against them. */
export function resumedSettings(dir: string): DensitySettings {
  const env = readDensityEnvironment(dir);
  const parsed = densitySettingsSchema.safeParse(env.settings);
  if (!parsed.success) throw new DockerwasmError('INPUT', `${dir}/env.json: its settings are not ones this dockerwasm reads (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** Measures every cell not yet in `dir`; resolves with env.json as written at the end. */
export async function runDensity(options: RunDensityOptions): Promise<DensityEnvironment> {
  const { dir, settings, progress } = options;
  const previous = options.resume ? readDensityCells(dir).cells : [];
  const saved = options.resume ? readDensityEnvironment(dir) : undefined;
  const runId = basename(dir).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').slice(0, 100);
  const log = new DensityLog(dir);
  const prep = await prepareDensity({ ...options, progress: { info: progress.info, warn: progress.warn, step: () => undefined } }, settings, runId);
  const variants = prep.targets.map((t) => t.name);
  if (saved && saved.variants.map((v) => v.name).join() !== variants.join()) {
    throw new DockerwasmError('USAGE', `--resume ${dir}: the runtimes that work changed (then: ${saved.variants.map((v) => v.name).join(', ')}; now: ${variants.join(', ')})`);
  }
  let env: DensityEnvironment = saved ? { ...saved, completedAt: null, resumedAt: [...saved.resumedAt, new Date().toISOString()] } : environmentOf(options, prep);
  await writeDensityEnvironment(dir, env);

  const plan = planDensity(variants, settings);
  const done = new Set(previous.map((cell) => cell.step));
  let recorded = plan.filter((step) => done.has(step.id)).length;
  if (recorded > 0) progress.info(`resuming: ${recorded} of ${plan.length} cells already measured`);
  for (const step of plan) {
    if (done.has(step.id)) continue;
    if (options.signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted');
    progress.cell(step, recorded, plan.length);
    const cell = await runCell(
      {
        engine: options.engine,
        registry: options.registry,
        clock: options.clock,
        signal: options.signal,
        labels: prep.labels,
        cpuAccounting: prep.cpuAccounting,
        readProcesses: prep.info.sharesLoopback,
        timeoutMs: settings.timeoutSeconds * 1000,
        judge: prep.judge,
      },
      prep.targets.find((t) => t.name === step.variant)!,
      { step: step.id, concurrency: step.concurrency, round: step.round, containers: settings.containers },
    );
    log.append(cell);
    recorded++;
    progress.recorded(cell);
    if (cell.outcome === 'engine-unavailable') {
      const lost = cell.containers.find((c) => c.outcome === 'engine-unavailable');
      throw new DockerwasmError('ENGINE_UNAVAILABLE', `the engine stopped answering during ${step.id}: ${lost?.error ?? 'no answer'}`);
    }
  }
  env = { ...env, completedAt: new Date().toISOString() };
  await writeDensityEnvironment(dir, env);
  return env;
}
