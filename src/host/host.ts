// What env.json records of the machine and the tool, gathered before the first sample.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, release, totalmem, hostname } from 'node:os';
import { execa } from 'execa';
import { gitCommit, toolVersion } from '../io/tool-version.js';

async function firstLine(file: string, args: string[]): Promise<string | null> {
  const result = await execa(file, args, { reject: false, timeout: 5_000 });
  if (result.failed && result.exitCode === undefined) return null;
  const text = `${result.stdout}\n${result.stderr}`.trim();
  return text === '' ? null : text.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
}

/** Versions of the runtime pieces installed on this machine (meaningful when the engine runs here). */
export async function localRuntimeVersions(): Promise<Record<string, string | null>> {
  const probes: [string, string, string[]][] = [
    ['containerd-shim-wasmtime-v1', 'containerd-shim-wasmtime-v1', ['-v']],
    ['containerd-shim-wasmedge-v1', 'containerd-shim-wasmedge-v1', ['-v']],
    ['wasmtime-precompile', 'wasmtime-precompile', ['--version']],
    ['crun', 'crun', ['--version']],
    ['runc', 'runc', ['--version']],
    ['wasmedge', 'wasmedge', ['--version']],
    ['containerd', 'containerd', ['--version']],
  ];
  const versions: Record<string, string | null> = {};
  for (const [name, file, args] of probes) versions[name] = await firstLine(file, args).catch(() => null);
  return versions;
}

export interface CpuCache {
  level: number;
  type: string;
  bytes: number;
  /** the CPUs that share it, as the kernel lists them ("0-1") */
  sharedBy: string;
}

const cacheFolder = '/sys/devices/system/cpu/cpu0/cache';

/** The first CPU's caches as the kernel describes them (sysfs); empty where it does not. */
export function cpuCaches(folder = cacheFolder): CpuCache[] {
  if (!existsSync(folder)) return [];
  const read = (index: string, name: string) => readFileSync(join(folder, index, name), 'utf8').trim();
  const units: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  return readdirSync(folder)
    .filter((name) => /^index\d+$/.test(name))
    .flatMap((index) => {
      try {
        const size = /^(\d+)([KMG])?$/.exec(read(index, 'size'));
        if (!size) return [];
        return [{ level: Number(read(index, 'level')), type: read(index, 'type'), bytes: Number(size[1]) * (units[size[2] ?? ''] ?? 1), sharedBy: read(index, 'shared_cpu_list') }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.level - b.level || a.type.localeCompare(b.type));
}

export function hostDescription() {
  const cpuList = cpus();
  return {
    hostname: hostname(),
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpus: cpuList.length,
    caches: cpuCaches(),
    memoryBytes: totalmem(),
    kernel: release(),
    platform: `${process.platform}/${process.arch}`,
    node: process.version,
  };
}

export function toolDescription() {
  return { name: 'dockerwasm', version: toolVersion(), ...gitCommit(), node: process.version };
}
