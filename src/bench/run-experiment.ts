// Runs one experiment into a results directory: env.json first, samples.jsonl as it goes, the summary
// files at the end, also when the run is interrupted or fails (marked incomplete), so nothing measured
// is lost. `resume` continues a directory's plan after checking it is the same experiment.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DockerwasmError } from '../errors.js';
import { writeJsonAtomic } from '../io/atomic-file.js';
import type { GuestBuild } from '../guests/build-guest.js';
import { normaliseWorkload, workloadLabel } from '../guests/workloads.js';
import { definitions, hostDescription, localRuntimeVersions, toolDescription } from '../report/environment.js';
import { readSampleRecords, SampleLog } from '../report/results-dir.js';
import { summarise, type ImageInfo, type VariantInfo } from '../report/summarise.js';
import { writeSummaryFiles, type SummaryDocument } from '../report/summary-files.js';
import { megabytes } from '../report/format.js';
import { executeExperiment, prepareExperiment, type ExperimentDeps, type ExperimentSettings, type Preparation } from './experiment.js';
import type { SampleRecord } from './records.js';

export interface RunExperimentOptions extends Omit<ExperimentDeps, 'append'> {
  settings: ExperimentSettings;
  dir: string;
  resume: boolean;
  commandLine: string[];
}

export interface EnvironmentFile {
  schema: 1;
  createdAt: string;
  resumedAt: string[];
  command: string[];
  label: string;
  settings: ExperimentSettings;
  tool: ReturnType<typeof toolDescription>;
  host: ReturnType<typeof hostDescription>;
  engine: Record<string, unknown>;
  runtimes: { name: string; kind: string; available: boolean; probeOk: boolean | null; probeMs: number | null; reason: string | null }[];
  runtimeVersions: Record<string, string | null> | null;
  skippedRuntimes: { name: string; reason: string }[];
  base: Preparation['base'];
  guest: { key: string; sourceHash: string; folder: string; inputs: Record<string, unknown>; artifacts: GuestBuild['manifest']['artifacts'] };
  dataset: GuestBuild['dataset'];
  variants: VariantInfo[];
  images: ImageInfo[];
  definitions: typeof definitions;
}

export function readEnvironment(dir: string): EnvironmentFile {
  const path = join(dir, 'env.json');
  if (!existsSync(path)) throw new DockerwasmError('INPUT', `${dir} has no env.json: not a dockerwasm results directory`);
  return JSON.parse(readFileSync(path, 'utf8')) as EnvironmentFile;
}

/** Differences between the settings a directory was started with and the ones given now. */
export function settingsDifferences(saved: ExperimentSettings, given: ExperimentSettings): string[] {
  const a = { ...saved, form: saved.form ?? 'prebuilt', workload: normaliseWorkload(saved.workload) } as Record<string, unknown>;
  const b = { ...given, form: given.form ?? 'prebuilt', workload: normaliseWorkload(given.workload) } as Record<string, unknown>;
  return Object.keys({ ...a, ...b })
    .filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map((key) => `${key}: started with ${JSON.stringify(a[key])}, now ${JSON.stringify(b[key])}`);
}

export function environmentLines(env: EnvironmentFile): string[] {
  const engine = env.engine as Record<string, string | number | boolean | null>;
  const lines = [
    `dockerwasm ${env.tool.version}${env.tool.commit ? ` (commit ${env.tool.commit.slice(0, 12)}${env.tool.dirty ? ', with local changes' : ''})` : ''}, Node ${env.tool.node}`,
    `command: dockerwasm ${env.command.join(' ')}`,
    `engine: Docker ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.host}; containerd ${engine.containerdVersion ?? '?'}; image store ${engine.imageStore}; builder ${engine.builder}`,
    `host: ${env.host.cpuModel}, ${env.host.cpus} CPUs, ${(env.host.memoryBytes / 2 ** 30).toFixed(1)} GiB, kernel ${env.host.kernel}`,
    `variants: ${env.variants.map((v) => `${v.name} (${v.image} image, ${v.flavour})`).join('; ')}`,
  ];
  if (env.skippedRuntimes.length > 0) lines.push(`not measured: ${env.skippedRuntimes.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
  if (env.runtimeVersions) {
    lines.push(`runtime versions: ${Object.entries(env.runtimeVersions).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join(' | ')}`);
  }
  lines.push(`Linux base: ${env.base.description}, ${megabytes(env.base.contentBytes)} MB content / ${megabytes(env.base.uncompressedBytes)} MB unpacked`);
  lines.push(`guest: ${String(env.guest.inputs.rustc)}; artifacts: ${env.guest.artifacts.map((a) => `${a.flavour} ${a.bytes.toLocaleString('en-US')} B (${a.compiler})`).join('; ')}`);
  if (env.dataset) lines.push(`dataset: ${env.dataset.source} CVD, ${env.dataset.rows.toLocaleString('en-US')} rows, sha256 ${env.dataset.sha256.slice(0, 16)}`);
  lines.push(`samples ${env.settings.samples} after ${env.settings.warmup} warm-up(s), seed ${env.settings.seed}, timeout ${env.settings.timeoutSeconds} s, network none, Dockerfile form ${env.settings.form ?? 'prebuilt'}`);
  return lines;
}

export async function runExperimentToDirectory(options: RunExperimentOptions): Promise<{ document: SummaryDocument; env: EnvironmentFile }> {
  const { settings, dir } = options;
  const label = workloadLabel(settings.workload);
  let previous: SampleRecord[] = [];
  let savedEnv: EnvironmentFile | undefined;
  if (options.resume) {
    savedEnv = readEnvironment(dir);
    const differences = settingsDifferences(savedEnv.settings, settings);
    if (differences.length > 0) {
      throw new DockerwasmError('USAGE', `--resume ${dir}: this is not the experiment that directory holds`, { details: differences });
    }
    const read = readSampleRecords(dir);
    previous = read.records;
    if (read.skipped.length > 0) options.progress.warn(`${read.skipped.length} incomplete line(s) in samples.jsonl skipped (lines ${read.skipped.map((s) => s.line).join(', ')})`);
  } else if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new DockerwasmError('USAGE', `${dir} already holds files; pick a new --out, or continue it with --resume ${dir}`);
  }

  const log = new SampleLog(dir);
  const runId = basename(dir).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').slice(0, 100);
  const { settings: _settings, dir: _dir, resume: _resume, commandLine: _commandLine, ...shared } = options;
  const deps: ExperimentDeps = { ...shared, append: (record: SampleRecord) => log.append(record) };
  const prep = await prepareExperiment(deps, settings, runId);
  const variants: VariantInfo[] = prep.variants.map(({ profile: _profile, ...info }) => info);
  const images: ImageInfo[] = prep.images.map(({ name, reference, flavour, artifactBytes }) => ({ name, reference, flavour, artifactBytes }));

  if (savedEnv && savedEnv.guest.sourceHash !== prep.guest.manifest.sourceHash) {
    throw new DockerwasmError('USAGE', `--resume ${dir}: the guest changed since this run began (sources, dataset or toolchain); its samples would mix two builds`);
  }
  if (savedEnv && JSON.stringify(savedEnv.variants.map((v) => v.name)) !== JSON.stringify(variants.map((v) => v.name))) {
    throw new DockerwasmError('USAGE', `--resume ${dir}: the runtimes that work changed (then: ${savedEnv.variants.map((v) => v.name).join(', ')}; now: ${variants.map((v) => v.name).join(', ')})`);
  }
  const engineInfo = { ...prep.info, builder: prep.builder };
  const env: EnvironmentFile = savedEnv
    ? { ...savedEnv, resumedAt: [...savedEnv.resumedAt, new Date().toISOString()] }
    : {
        schema: 1,
        createdAt: new Date().toISOString(),
        resumedAt: [],
        command: options.commandLine,
        label,
        settings,
        tool: toolDescription(),
        host: hostDescription(),
        engine: engineInfo as unknown as Record<string, unknown>,
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
  await writeJsonAtomic(join(dir, 'env.json'), env);

  let complete = false;
  let document: SummaryDocument | undefined;
  try {
    await executeExperiment(deps, settings, prep, previous);
    complete = true;
  } finally {
    const { records } = readSampleRecords(dir);
    document = {
      schema: 1,
      complete,
      workload: { ...normaliseWorkload(settings.workload), label },
      settings: settings as unknown as Record<string, unknown>,
      definitions,
      summary: summarise({ records, variants, images }),
    };
    await writeSummaryFiles(dir, document, environmentLines(env));
  }
  return { document, env };
}
