// One experiment of `compare` or `reproduce`: progress bars per phase on stderr while it measures,
// then its summary and report written from what was measured, also when it was interrupted or failed.
import { describeRecord } from '../experiment/progress-text.js';
import type { ExperimentProgress } from '../experiment/prepare.js';
import { startExperiment, type RunExperimentOptions } from '../experiment/run-experiment.js';
import { messageOf } from '../errors.js';
import { buildGuest } from '../guests/build-guest.js';
import type { Toolchain } from '../guests/toolchain.js';
import { monotonicMs } from '../io/clock.js';
import { loadResults, type LoadedResults } from '../report/load-results.js';
import { writeRunFiles, writeSummary } from '../report/write-report.js';
import type { EngineSession } from './engine-session.js';
import type { ProgressBar, Ui } from './ui.js';

export function progressFor(ui: Ui): ExperimentProgress & { stop(): void } {
  const bars = new Map<string, ProgressBar>();
  return {
    info: (line) => ui.info(line),
    warn: (line) => ui.warn(line),
    step(phase, done, total, record, referenceDigest) {
      let bar = bars.get(phase);
      if (bar === undefined) {
        for (const other of bars.values()) other.stop();
        bar = ui.bar(phase === 'build' ? 'builds' : 'runs  ', total);
        for (let i = 1; i < done; i++) bar.tick();
        bars.set(phase, bar);
      }
      bar.tick(describeRecord(record, referenceDigest));
    },
    stop() {
      for (const bar of bars.values()) bar.stop();
      bars.clear();
    },
  };
}

/** The experiment's dependencies as the CLI gives them: the session's engine, the real clock, cargo. */
export function cliExperimentDeps(session: EngineSession, ui: Ui, toolchain: Toolchain, keepImages: boolean): Omit<RunExperimentOptions, 'settings' | 'dir' | 'resume' | 'commandLine'> {
  return {
    keepImages,
    engine: session.engine,
    registry: session.registry,
    clock: monotonicMs,
    signal: session.signal,
    progress: progressFor(ui),
    buildGuest: (w) => buildGuest(w, { toolchain, onProgress: (line) => ui.info(`  ${line}`), signal: session.signal }),
  };
}

/**
 * Measures into `options.dir`, then writes its summary and report; when it stops early, only the
 * summary (quickly: an interrupted run is cleaned up within a grace period; `dockerwasm report` draws
 * the charts later), before the failure is reported.
 */
export async function runExperimentWithReport(options: RunExperimentOptions): Promise<{ results: LoadedResults; files: string[] }> {
  try {
    // a refusal or failure in here comes before this run wrote env.json: the directory is not its to summarise
    const started = await startExperiment(options);
    try {
      await started.measure();
    } catch (error) {
      options.progress.stop?.();
      try {
        await writeSummary(loadResults(options.dir));
      } catch (summaryError) {
        options.progress.warn(`could not write the summary of ${options.dir}: ${messageOf(summaryError)}`);
      }
      throw error;
    }
  } finally {
    options.progress.stop?.();
  }
  return writeRunFiles(options.dir);
}
