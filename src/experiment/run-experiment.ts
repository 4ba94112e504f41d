// Runs one experiment into a results directory: env.json first, samples.jsonl as it goes, and env.json
// again with the time the plan completed. `resume` continues a directory's plan after checking it is
// the same experiment. The figures are the report's business (report/), made from these files.
import { existsSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { workloadLabel, type ExperimentSettings } from '../config/settings.js';
import { DockerwasmError } from '../errors.js';
import { definitions } from '../results/definitions.js';
import { environmentSchemaVersion, readEnvironment, writeEnvironment, type EnvironmentFile } from '../results/environment-file.js';
import type { SampleRecord } from '../results/records.js';
import { readSampleRecords, SampleLog, samplesFile } from '../results/sample-log.js';
import type { ImageInfo, VariantInfo } from '../results/variants.js';
import { hostDescription, localRuntimeVersions, toolDescription } from './host.js';
import { prepareExperiment, type ExperimentDeps, type Preparation } from './prepare.js';
import { ExperimentRunner } from './runner.js';

export interface RunExperimentOptions extends ExperimentDeps {
  settings: ExperimentSettings;
  dir: string;
  resume: boolean;
  commandLine: string[];
}

/** Differences between the settings a directory was started with and the ones given now. */
export function settingsDifferences(saved: ExperimentSettings, given: ExperimentSettings): string[] {
  const a = saved as Record<string, unknown>;
  const b = given as Record<string, unknown>;
  return Object.keys({ ...a, ...b })
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => `${key}: started with ${JSON.stringify(a[key])}, now ${JSON.stringify(b[key])}`);
}

function previousRecords(options: RunExperimentOptions): { saved: EnvironmentFile | undefined; records: SampleRecord[] } {
  const { dir, settings, progress } = options;
  if (!options.resume) {
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new DockerwasmError('USAGE', `${dir} already holds files; pick a new --out, or continue it with --resume ${dir}`);
    }
    return { saved: undefined, records: [] };
  }
  const saved = readEnvironment(dir);
  const differences = settingsDifferences(saved.settings, settings);
  if (differences.length > 0) {
    throw new DockerwasmError('USAGE', `--resume ${dir}: this is not the experiment that directory holds`, { details: differences });
  }
  const read = readSampleRecords(dir);
  if (read.skipped.length > 0) progress.warn(`${read.skipped.length} incomplete line(s) in ${samplesFile} skipped (lines ${read.skipped.map((s) => s.line).join(', ')})`);
  return { saved, records: read.records };
}

function assertSameExperiment(dir: string, saved: EnvironmentFile, prep: Preparation, variants: VariantInfo[]): void {
  if (saved.guest.sourceHash !== prep.guest.manifest.sourceHash) {
    throw new DockerwasmError('USAGE', `--resume ${dir}: the guest changed since this run began (sources, dataset or toolchain); its samples would mix two builds`);
  }
  const then = saved.variants.map((v) => v.name).join(', ');
  const now = variants.map((v) => v.name).join(', ');
  if (then !== now) throw new DockerwasmError('USAGE', `--resume ${dir}: the runtimes that work changed (then: ${then}; now: ${now})`);
}

async function newEnvironment(options: RunExperimentOptions, prep: Preparation, variants: VariantInfo[], images: ImageInfo[]): Promise<EnvironmentFile> {
  return {
    schema: environmentSchemaVersion,
    createdAt: new Date().toISOString(),
    resumedAt: [],
    completedAt: null,
    command: options.commandLine,
    label: workloadLabel(options.settings.workload),
    settings: options.settings,
    tool: toolDescription(),
    host: hostDescription(),
    engine: { ...prep.info, builder: prep.builder },
    cpuAccounting: prep.cpuAccounting.description,
    runtimes: prep.statuses.map((s) => ({ name: s.name, kind: s.kind, available: s.available, probeOk: s.probe?.ok ?? null, probeMs: s.probe?.ms ?? null, reason: s.reason })),
    runtimeVersions: prep.info.sharesLoopback ? await localRuntimeVersions() : null,
    skippedRuntimes: prep.skipped,
    base: prep.base,
    guest: { key: prep.guest.key, sourceHash: prep.guest.manifest.sourceHash, folder: prep.guest.folder, inputs: prep.guest.manifest.inputs, artifacts: prep.guest.manifest.artifacts },
    dataset: prep.guest.dataset,
    variants,
    images,
    definitions,
  };
}

/** An experiment whose env.json is written: from here on, its directory holds this run's measurements. */
export interface StartedExperiment {
  env: EnvironmentFile;
  /** measures the rest of the plan; resolves with env.json as written when the plan completed */
  measure(): Promise<EnvironmentFile>;
}

/**
 * Checks the directory (new, or the same experiment to resume), prepares everything and writes env.json.
 * A refusal or a failure here leaves the directory as it was, apart from an empty samples.jsonl.
 */
export async function startExperiment(options: RunExperimentOptions): Promise<StartedExperiment> {
  const { dir, settings } = options;
  const { saved, records } = previousRecords(options);
  const log = new SampleLog(dir);
  const runId = basename(dir).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').slice(0, 100);
  const prep = await prepareExperiment(options, settings, runId);
  const variants: VariantInfo[] = prep.variants.map(({ profile: _profile, ...info }) => info);
  const images: ImageInfo[] = prep.images.map(({ name, reference, flavour, artifactBytes }) => ({ name, reference, flavour, artifactBytes }));
  if (saved) assertSameExperiment(dir, saved, prep, variants);

  const env: EnvironmentFile = saved
    ? { ...saved, schema: environmentSchemaVersion, completedAt: null, resumedAt: [...saved.resumedAt, new Date().toISOString()] }
    : await newEnvironment(options, prep, variants, images);
  await writeEnvironment(dir, env);
  return {
    env,
    async measure() {
      await new ExperimentRunner(options, settings, prep, records, (record) => log.append(record)).run();
      const completed = { ...env, completedAt: new Date().toISOString() };
      await writeEnvironment(dir, completed);
      return completed;
    },
  };
}

/** Starts and measures the experiment into `options.dir`; returns its env.json as written when the plan completed. */
export async function runExperiment(options: RunExperimentOptions): Promise<EnvironmentFile> {
  return (await startExperiment(options)).measure();
}
