// What env.json records of the machine and the tool, gathered before the first sample.
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

export function hostDescription() {
  const cpuList = cpus();
  return {
    hostname: hostname(),
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpus: cpuList.length,
    memoryBytes: totalmem(),
    kernel: release(),
    platform: `${process.platform}/${process.arch}`,
    node: process.version,
  };
}

export function toolDescription() {
  return { name: 'dockerwasm', version: toolVersion(), ...gitCommit(), node: process.version };
}
