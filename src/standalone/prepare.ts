// Before a standalone run measures: every workload's guest built (native, module, AOT flavours), the
// module Wasm3 runs derived with binaryen, the runtimes found and probed, the process meter compiled,
// and the cells that cannot run (runtime unavailable, module missing, interpreter above its ceiling) set aside with why.
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { interpreterSkipReason, samplesFor, wantedRuntimes, type StandaloneSettings } from './settings.js';
import { DockerwasmError } from '../errors.js';
import { flavourOf } from '../flavours/flavours.js';
import { describeFile } from '../guests/artifact-store.js';
import type { GuestBuild } from '../guests/build-guest.js';
import { checkNativeRun } from '../guests/check-native.js';
import { paths } from '../io/project-paths.js';
import type { WorkloadDefinition } from '../workloads/definition.js';
import { programFolder } from '../workloads/program.js';
import { definitionOf, guestArguments, isProgram, workloadLabel, type Workload } from '../workloads/workload.js';
import { findRuntimes, type RuntimeAvailability } from './find-runtimes.js';
import { ensureProcessMeter } from './process-meter.js';
import { programSkipReason, type ProgramNeeds, type StandaloneModule, type StandaloneRuntime } from './runtimes.js';

export interface StandaloneDeps {
  buildGuest(workload: Workload): Promise<GuestBuild>;
  /** binaryen's wasm-opt, for the module Wasm3 runs; null when not installed */
  wasmOpt: { path: string; version: string } | null;
  signal: AbortSignal;
  progress: { info(line: string): void; warn(line: string): void };
  /** finds the runtimes (the real lookup unless a test gives another) */
  findRuntimes?: typeof findRuntimes;
}

export interface ModuleFile {
  workload: string;
  module: StandaloneModule;
  path: string;
  bytes: number;
  sha256: string;
  compiler: string;
  compileMs: number | null;
}

export interface StandaloneCell {
  runtime: StandaloneRuntime;
  availability: RuntimeAvailability;
  workload: Workload;
  label: string;
  module: ModuleFile;
  samples: number;
}

export interface StandalonePreparation {
  meter: string;
  runtimes: { runtime: StandaloneRuntime; availability: RuntimeAvailability }[];
  cells: StandaloneCell[];
  skipped: { runtime: string; workload: string; reason: string }[];
  modules: ModuleFile[];
  guests: Map<string, GuestBuild>;
}

/** What a program asks of the runtimes: its folder as "/" when it reads files, its environment. */
export function programNeeds(definition: WorkloadDefinition): ProgramNeeds {
  const folder = programFolder(definition);
  return { ...(folder && definition.run.files.length > 0 ? { dir: folder } : {}), env: definition.run.env };
}

/** Wasm3 0.5.0 rejects rustc's over-long LEB128 encodings; binaryen re-encodes the module without changing it (no passes). */
async function binaryenModule(guest: GuestBuild, wasmOpt: NonNullable<StandaloneDeps['wasmOpt']>, signal: AbortSignal): Promise<ModuleFile | null> {
  const plain = guest.artifact('wasm');
  if (!plain) return null;
  const folder = join(paths.artifacts(), 'standalone');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${guest.key}-${plain.sha256.slice(0, 16)}.binaryen.wasm`);
  if (!existsSync(file)) {
    const result = await execa(wasmOpt.path, ['--all-features', guest.pathOf('wasm')!, '-o', `${file}.partial`], { reject: false, cancelSignal: signal });
    if (result.isCanceled) throw new DockerwasmError('INTERRUPTED', 'interrupted');
    if (result.failed) throw new DockerwasmError('BUILD_FAILED', `wasm-opt --all-features ${plain.file} failed: ${result.stderr.split('\n')[0] ?? result.shortMessage}`);
    await chmod(`${file}.partial`, 0o644);
    await rename(`${file}.partial`, file);
  }
  return { workload: '', module: 'wasm-binaryen', path: file, ...(await describeFile(file)), compiler: `${wasmOpt.version} --all-features (no passes: a re-encoding)`, compileMs: null };
}

async function moduleOf(guest: GuestBuild, module: StandaloneModule, deps: StandaloneDeps): Promise<ModuleFile | string> {
  if (module === 'wasm-binaryen') {
    if (!deps.wasmOpt) return "binaryen's wasm-opt is not installed (scripts/provision-engine.sh installs it): no module Wasm3 0.5.0 loads";
    return (await binaryenModule(guest, deps.wasmOpt, deps.signal)) ?? 'no plain module was built';
  }
  const artifact = guest.artifact(module);
  if (!artifact && flavourOf(module).threaded && guest.manifest.inputs.source !== undefined) return 'a threaded build is made for the built-in workloads only, not for a program folder';
  if (!artifact) return `no ${module} build of the guest: ${flavourOf(module).missing}`;
  const compiled = flavourOf(module).from !== undefined;
  return { workload: '', module, path: guest.pathOf(module)!, bytes: artifact.bytes, sha256: artifact.sha256, compiler: artifact.compiler, compileMs: compiled ? artifact.buildMs : null };
}

export async function prepareStandalone(deps: StandaloneDeps, settings: StandaloneSettings): Promise<StandalonePreparation> {
  const { info } = deps.progress;
  const meter = await ensureProcessMeter(info);
  const wanted = wantedRuntimes(settings);
  info(`finding ${wanted.length} runtimes`);
  const found = await (deps.findRuntimes ?? findRuntimes)(wanted, { signal: deps.signal });
  const runtimes = wanted.map((runtime, index) => ({ runtime, availability: found[index]! }));
  for (const { runtime, availability } of runtimes) {
    info(`  ${runtime.name.padEnd(22)} ${availability.available ? `ok   ${availability.version ?? ''}` : `--   ${availability.reason}`}`);
  }
  const guests = new Map<string, GuestBuild>();
  const modules: ModuleFile[] = [];
  const cells: StandaloneCell[] = [];
  const skipped: StandalonePreparation['skipped'] = [];
  for (const workload of settings.workloads) {
    const label = workloadLabel(workload);
    info(`building ${label} (native, wasm and the ahead-of-time flavours, when missing)`);
    const guest = await deps.buildGuest(workload);
    if (isProgram(workload)) await checkNativeRun(definitionOf(workload), guest.pathOf('native')!, guestArguments(workload), { timeoutMs: settings.timeoutSeconds * 1000, signal: deps.signal });
    guests.set(label, guest);
    for (const { runtime, availability } of runtimes) {
      if (!availability.available) {
        skipped.push({ runtime: runtime.name, workload: label, reason: availability.reason ?? 'not available' });
        continue;
      }
      const ceiling = interpreterSkipReason(runtime, workload, settings.interpretersAll) ?? programSkipReason(runtime, programNeeds(definitionOf(workload)));
      if (ceiling) {
        skipped.push({ runtime: runtime.name, workload: label, reason: ceiling });
        continue;
      }
      let module = modules.find((m) => m.workload === label && m.module === runtime.module);
      if (!module) {
        const made = await moduleOf(guest, runtime.module, deps);
        if (typeof made === 'string') {
          skipped.push({ runtime: runtime.name, workload: label, reason: made });
          continue;
        }
        module = { ...made, workload: label };
        modules.push(module);
      }
      cells.push({ runtime, availability, workload, label, module, samples: samplesFor(workload, settings.samples) });
    }
  }
  if (!cells.some((cell) => cell.runtime.kind === 'native')) throw new DockerwasmError('INTERNAL', 'the native baseline has no cell');
  for (const skip of skipped) if (!runtimes.find((r) => r.runtime.name === skip.runtime)?.availability.reason) info(`  skipping ${skip.runtime} on ${skip.workload}: ${skip.reason}`);
  return { meter, runtimes, cells, skipped, modules, guests };
}

