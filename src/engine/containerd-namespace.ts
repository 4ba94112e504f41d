// A containerd namespace of dockerwasm's own on the engine's containerd, driven with ctr. The OCI Wasm image
// test and bench run there: a runwasi shim finds an image's Wasm layer only when containerd knows which image
// a container runs, and Docker 26.1 does not tell it. The name carries the pid (`dockerwasm-<pid>-…`), so
// `dockerwasm clean` removes a namespace a killed run left, with the cgroups containerd made under its name.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { removeNamedCgroups } from './cgroup-accounting.js';
import { ownerIsAlive } from './labels.js';
import { checkOciLayout } from './oci-wasm-image.js';

/** where dockerd starts its own containerd when no system one is configured */
export const engineContainerdSocket = '/var/run/docker/containerd/containerd.sock';
/** where containerd's runc shim (so crun too) and the runwasi shims keep their per-namespace state: they leave an empty folder behind */
const shimStateRoots = ['runc', 'wasmtime', 'wasmedge'].map((shim) => join('/run/containerd', shim));

const lines = (text: unknown) => String(text ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
/** a command's failure in one line: the last line of its stderr */
const lastLine = (text: unknown) => lines(text).at(-1) ?? 'no message';

async function ctr(socket: string, args: string[], options: { namespace?: string; input?: Buffer; timeoutMs?: number } = {}) {
  const result = await execa('ctr', ['--address', socket, ...(options.namespace ? ['--namespace', options.namespace] : []), ...args], {
    reject: false,
    ...(options.input ? { input: options.input } : { stdin: 'ignore' as const }),
    timeout: options.timeoutMs ?? 120_000,
  });
  return { ok: result.exitCode === 0 && !result.timedOut, stdout: String(result.stdout ?? ''), error: result.timedOut ? `ctr ${args[0]} timed out` : lastLine(result.stderr) };
}

/** Whether a `ctr content ls` line is a module runwasi's wasmtime shim compiled from this Wasm layer (its label names the layer). */
export const isCompiledFrom = (layerDigest: string) => (line: string) =>
  line.includes('runwasi.io/precompiled/wasmtime/') && line.includes(`/original=${layerDigest}`);

/** The modules the wasmtime shim compiled from this layer, in whichever namespace of this containerd holds the image `reference` (a Docker daemon's, say). */
export async function compiledModulesOf(socket: string, reference: string, layerDigest: string): Promise<string[]> {
  const listed = async (args: string[], namespace?: string) => {
    const result = await ctr(socket, args, { namespace });
    if (!result.ok) throw new Error(`ctr ${args.join(' ')} at ${socket}: ${result.error}`);
    return lines(result.stdout);
  };
  const found: string[] = [];
  for (const namespace of await listed(['namespaces', 'ls', '--quiet'])) {
    if (!(await listed(['images', 'ls', '--quiet'], namespace)).includes(reference)) continue;
    found.push(...(await listed(['content', 'ls'], namespace)).filter(isCompiledFrom(layerDigest)));
  }
  return found;
}

export interface NamespaceRun {
  ok: boolean;
  stdout: string;
  /** ctr's last stderr line, or the timeout */
  error: string;
}

export class ContainerdNamespace {
  readonly name = `dockerwasm-${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(readonly socket = engineContainerdSocket) {
    if (!existsSync(socket)) throw new Error(`no containerd socket at ${socket}: start the engine (scripts/provision-engine.sh)`);
  }

  /** Imports an OCI image layout tar (all its platforms: a Wasm image's is wasip1/wasm). */
  async importImage(tar: Buffer): Promise<void> {
    await checkOciLayout(tar);
    const imported = await ctr(this.socket, ['images', 'import', '--all-platforms', '-'], { namespace: this.name, input: tar });
    if (!imported.ok) throw new Error(`ctr images import: ${imported.error}`);
  }

  /** `ctr run --rm` of an image under a runtime (with runc's shim, `runcBinary` names the OCI runtime it calls, e.g.
   *  crun; `annotations` go into the OCI spec): the container's stdout, or why it failed. */
  run(options: {
    reference: string;
    platform: string;
    runtime: string;
    id: string;
    args?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    runcBinary?: string;
    timeoutMs?: number;
  }): Promise<NamespaceRun> {
    const pairs = (flag: string, map: Record<string, string> = {}) => Object.entries(map).flatMap(([key, value]) => [flag, `${key}=${value}`]);
    const runcBinary = options.runcBinary ? ['--runc-binary', options.runcBinary] : [];
    const flags = [...pairs('--label', options.labels), ...pairs('--annotation', options.annotations), ...runcBinary];
    return ctr(this.socket, ['run', '--rm', ...flags, '--runtime', options.runtime, '--platform', options.platform, options.reference, options.id, ...(options.args ?? [])], {
      namespace: this.name,
      timeoutMs: options.timeoutMs ?? 600_000,
    });
  }

  /** `ctr content ls`, a blob a line (digest, size, age, labels). */
  async content(): Promise<string[]> {
    return lines((await ctr(this.socket, ['content', 'ls'], { namespace: this.name })).stdout);
  }

  /** Removes everything in the namespace, the namespace and its cgroups; never throws; returns what could not be removed. */
  async remove(): Promise<string[]> {
    return removeNamespace(this.socket, this.name);
  }
}

async function removeNamespace(socket: string, namespace: string): Promise<string[]> {
  const inside = (args: string[]) => ctr(socket, args, { namespace });
  for (const container of lines((await inside(['containers', 'ls', '--quiet'])).stdout)) {
    await inside(['tasks', 'kill', '--signal', 'SIGKILL', container]);
    await inside(['tasks', 'delete', '--force', container]);
    await inside(['containers', 'delete', container]);
  }
  for (const image of lines((await inside(['images', 'ls', '--quiet'])).stdout)) await inside(['images', 'rm', '--sync', image]);
  // runwasi's library writes the precompiled module under a lease of its own
  for (const lease of lines((await inside(['leases', 'ls', '--quiet'])).stdout)) await inside(['leases', 'rm', '--sync', lease]);
  for (const blob of lines((await inside(['content', 'ls', '--quiet'])).stdout)) await inside(['content', 'rm', blob]);
  const removed = await ctr(socket, ['namespaces', 'rm', namespace]);
  const problems = removed.ok ? [] : [`containerd namespace ${namespace}: ${removed.error}`];
  return [...problems, ...removeNamedCgroups(namespace).map((path) => `cgroup ${path} is busy`), ...removeShimState(namespace)];
}

/** The shims' state folders for the namespace: removed when empty; a folder still holding a container's state is reported. */
function removeShimState(namespace: string): string[] {
  const left: string[] = [];
  for (const folder of shimStateRoots.map((root) => join(root, namespace)).filter((path) => existsSync(path))) {
    try {
      rmdirSync(folder);
    } catch {
      left.push(`${folder} still holds a container's state`);
    }
  }
  return left;
}

const ourNamespace = /^dockerwasm-(\d+)-[0-9a-f]+$/;
const leftByDeadRun = (name: string) => {
  const pid = ourNamespace.exec(name)?.[1];
  return pid !== undefined && Number(pid) !== process.pid && !ownerIsAlive(`${hostname()}:${pid}`);
};

export interface RemovedNamespaces {
  /** namespaces removed from containerd, with what they held */
  namespaces: string[];
  /** namespaces already gone from containerd whose shims' state folders were left, now removed */
  shimStateOnly: string[];
}

/** Namespaces of ours whose run is no longer alive, and their shims' state folders: removed; says which (none when there is no such containerd). */
export async function removeLeftoverNamespaces(socket = engineContainerdSocket): Promise<RemovedNamespaces> {
  if (!existsSync(socket)) return { namespaces: [], shimStateOnly: [] };
  const listed = await ctr(socket, ['namespaces', 'ls', '--quiet'], { timeoutMs: 10_000 });
  const namespaces = lines(listed.stdout).filter(leftByDeadRun);
  const removed: RemovedNamespaces = { namespaces: [], shimStateOnly: [] };
  for (const name of namespaces) if ((await removeNamespace(socket, name)).length === 0) removed.namespaces.push(name);
  // shims' folders of a namespace removed earlier (before dockerwasm removed them); a namespace that is still
  // listed was handled above, and one that could not be removed is not reported as removed for its folders
  const folders = shimStateRoots.filter((root) => existsSync(root)).flatMap((root) => readdirSync(root).filter(leftByDeadRun));
  for (const name of new Set(folders)) if (!namespaces.includes(name) && removeShimState(name).length === 0) removed.shimStateOnly.push(name);
  return removed;
}
