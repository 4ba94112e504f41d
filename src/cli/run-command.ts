// Every kind of run from the command line, one way: where it goes (a new results directory, or the one to
// resume, by the one resume rule), progress on stderr while it measures, then its summary and report
// written from what was measured, also when it was interrupted or failed.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { messageOf } from '../errors.js';
import { paths, resolveOutputDir } from '../io/project-paths.js';
import { loadResults } from '../report/load-results.js';
import { writeRunFiles, writeSummary, type Report } from '../report/write-report.js';
import { resultsDirName } from '../results/sample-log.js';
import { newRun, resumedRun, startRun, type RunPlace } from '../run/run-experiment.js';
import type { AnyEnvironment } from '../results/environment.js';
import type { PlannedStep, RunKind, RunKindBase, RunProgress } from '../run/run-kind.js';
import { interruptSignal } from './interrupts.js';
import { limits } from '../config/shared-settings.js';
import type { ProgressBar, Ui } from './ui.js';

export interface PlaceOptions {
  out?: string;
  outAnywhere?: boolean;
  resume?: string;
}

/**
 * Where a run goes: with --resume, its directory's saved settings with what was given now (one rule for
 * every kind); else the settings given (a random seed unless one was), in --out or a new directory.
 */
export function placeRun<Settings>(kind: RunKindBase<Settings>, given: Record<string, unknown>, options: PlaceOptions): RunPlace<Settings> {
  if (options.resume !== undefined) return resumedRun(kind, resolveOutputDir(options.resume, options.outAnywhere ?? false, '--resume'), given);
  const settings = kind.parseSettings({ seed: randomInt(limits.seed.min, limits.seed.max), ...given }, 'the command line');
  const dir = options.out !== undefined ? resolveOutputDir(options.out, options.outAnywhere ?? false) : join(paths.results(), resultsDirName(kind.label(settings)));
  return newRun(dir, settings);
}

/** Progress bars per phase on a terminal (a line per record elsewhere), named by the kind's phases. */
export function progressFor(ui: Ui, phases: Readonly<Record<string, string>>): RunProgress & { stop(): void } {
  const bars = new Map<string, ProgressBar>();
  const width = Math.max(...Object.values(phases).map((name) => name.length));
  return {
    info: (line) => ui.info(line),
    warn: (line) => ui.warn(line),
    recorded(phase, line, done, total) {
      let bar = bars.get(phase);
      if (bar === undefined) {
        for (const other of bars.values()) other.stop();
        bar = ui.bar((phases[phase] ?? phase).padEnd(width), total);
        for (let i = 1; i < done; i++) bar.tick();
        bars.set(phase, bar);
      }
      bar.tick(line);
    },
    stop() {
      for (const bar of bars.values()) bar.stop();
      bars.clear();
    },
  };
}

/**
 * Measures a run into its place, then writes its summary and report; when it stops early, only the summary
 * (quickly: an interrupted run is cleaned up within a grace period; `dockerwasm report` draws the charts
 * later), and says where what was measured is kept, before the failure is reported.
 */
export async function runWithReport<Settings, Prep, Env extends AnyEnvironment, Step extends PlannedStep, Record>(
  kind: RunKind<Settings, Prep, Env, Step, Record>,
  place: RunPlace<Settings>,
  ui: Ui,
  options: { signal?: AbortSignal; resumeHint?: string } = {},
): Promise<{ report: Report; files: string[] }> {
  const progress = progressFor(ui, kind.phases);
  const kept = () => ui.info(`what was measured is kept in ${place.dir}${options.resumeHint === undefined ? ` (continue with --resume ${place.dir})` : `; ${options.resumeHint}`}`);
  try {
    // a refusal or failure in here comes before this run wrote env.json: the directory is not its to summarise
    const started = await startRun(kind, place, { commandLine: process.argv.slice(2), signal: options.signal ?? interruptSignal, progress });
    try {
      await started.measure();
    } catch (error) {
      progress.stop();
      try {
        await writeSummary(loadResults(place.dir));
      } catch (summaryError) {
        progress.warn(`could not write the summary of ${place.dir}: ${messageOf(summaryError)}`);
      }
      kept();
      throw error;
    }
  } finally {
    progress.stop();
  }
  return writeRunFiles(place.dir);
}
