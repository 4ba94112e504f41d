// The dockerode implementation of ContainerEngine. Every call maps its failure to a DockerwasmError:
// ENGINE_UNAVAILABLE when nothing answers at the endpoint, ENGINE with the engine's own message otherwise.
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { DockerwasmError, isDockerwasmError, messageOf } from '../errors.js';
import { interpretBuildMessage, readJsonMessages } from './build-messages.js';
import { buildWithCli } from './cli-build.js';
import { serveContext } from './context-server.js';
import { isLocalEndpoint, resolveEndpoint, sharesOurNetworkNamespace, type EngineEndpoint } from './endpoint.js';
import { checkOciLayout } from './oci-wasm-image.js';
import { killShimsOf } from './stuck-shims.js';
import type {
  BuildRequest,
  ContainerEngine,
  ContainerLogs,
  ContainerSpec,
  EngineInfo,
  ImageDetails,
  LabelledObject,
} from './types.js';
import { debug } from '../io/debug-log.js';

const log = debug('engine');
const unreachableCodes = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/** The HTTP status the engine answered a failed call with (through the DockerwasmError that wraps it). */
function statusOf(error: unknown): number | undefined {
  const cause = error instanceof DockerwasmError ? error.cause : error;
  return (cause as DockerodeError | undefined)?.statusCode;
}

export function engineUnavailable(endpoint: EngineEndpoint, cause: unknown): DockerwasmError {
  const reason = (cause as DockerodeError).code ?? messageOf(cause);
  return new DockerwasmError('ENGINE_UNAVAILABLE', `cannot reach the Docker engine at ${endpoint.host} (${endpoint.origin}): ${reason}`, {
    cause,
    hint: 'start one with `sudo scripts/provision-engine.sh` (Debian), or start Docker Desktop with "Enable Wasm" on; set DOCKER_HOST to use another engine',
  });
}

/** How long an engine call may take before the tool stops waiting (ms): listing and inspecting, a container step, an image build or transfer. */
export const callDeadlines = { quick: 30_000, container: 60_000, image: 30 * 60_000 };
export type CallDeadlines = typeof callDeadlines;

export class DockerEngine implements ContainerEngine {
  private readonly docker: Docker;
  private readonly quickDocker: Docker;
  /** containers whose start request got no answer (timed out or interrupted): their shims may hold them */
  private readonly startsUnanswered = new Set<string>();

  private readonly deadlines: CallDeadlines;

  /** `deadlines`: shorter ones for tests that make an engine hang */
  constructor(readonly endpoint: EngineEndpoint = resolveEndpoint(), deadlines: Partial<CallDeadlines> = {}) {
    this.deadlines = { ...callDeadlines, ...deadlines };
    const options: Docker.DockerOptions = endpoint.socketPath !== undefined
      ? { socketPath: endpoint.socketPath }
      : { host: endpoint.tcp!.host, port: endpoint.tcp!.port, protocol: endpoint.tcp!.protocol };
    this.docker = new Docker(options);
    this.quickDocker = new Docker({ ...options, timeout: 5_000 });
  }

  private fail(what: string, error: unknown): DockerwasmError {
    if (error instanceof DockerwasmError) return error;
    const problem = error as DockerodeError;
    if (problem.code !== undefined && unreachableCodes.has(problem.code)) return engineUnavailable(this.endpoint, error);
    if (problem.code === 'ABORT_ERR' || (error as Error).name === 'AbortError') {
      return new DockerwasmError('INTERRUPTED', `${what}: interrupted`, { cause: error });
    }
    const engineMessage = problem.json?.message ?? problem.reason ?? messageOf(error);
    log(`${what} failed: ${engineMessage}`);
    return new DockerwasmError('ENGINE', `${what}: ${engineMessage}`, { cause: error });
  }

  /**
   * One engine call, given up after its deadline: the request is aborted and an ENGINE_TIMEOUT names the
   * call, so a hung engine or shim (seen: Docker 28 starting a runwasi container in a network of its own)
   * ends in one line instead of a wait without end.
   */
  private async call<T>(what: string, action: (signal: AbortSignal) => Promise<T>, deadlineMs: number = this.deadlines.quick): Promise<T> {
    log(`${what} ...`);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      if (deadlineMs === Infinity) return;
      timer = setTimeout(() => {
        // rejected before the request is aborted, so the race ends with the timeout, not the abort it causes
        reject(new DockerwasmError('ENGINE_TIMEOUT', `${what}: no answer from the engine at ${this.endpoint.host} within ${deadlineMs / 1000} s`));
        controller.abort();
      }, deadlineMs);
    });
    try {
      const value = await Promise.race([action(controller.signal), expired]);
      log(`${what} done`);
      return value;
    } catch (error) {
      throw this.fail(what, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async ping(): Promise<void> {
    await this.call('ping', () => this.quickDocker.ping());
  }

  async info(): Promise<EngineInfo> {
    const [version, info] = await this.call('info', () => Promise.all([this.quickDocker.version(), this.quickDocker.info()]));
    const components = (version.Components ?? []) as { Name: string; Version: string }[];
    const driverStatus = (info.DriverStatus ?? []) as [string, string][];
    const operatingSystem = String(info.OperatingSystem ?? '');
    const isDockerDesktop = /docker desktop/i.test(operatingSystem);
    const onThisMachine = isLocalEndpoint(this.endpoint) && !isDockerDesktop;
    return {
      host: this.endpoint.host,
      onThisMachine,
      sharesLoopback: onThisMachine && sharesOurNetworkNamespace(this.endpoint),
      serverVersion: version.Version,
      apiVersion: version.ApiVersion,
      operatingSystem,
      os: version.Os,
      arch: version.Arch,
      kernel: version.KernelVersion,
      cpus: Number(info.NCPU),
      memoryBytes: Number(info.MemTotal),
      imageStore: driverStatus.some(([key, value]) => key === 'driver-type' && value.includes('containerd.snapshotter'))
        ? 'containerd'
        : 'graphdriver',
      storageDriver: String(info.Driver),
      cgroupVersion: String(info.CgroupVersion ?? ''),
      cgroupDriver: String(info.CgroupDriver ?? ''),
      runtimes: Object.keys(info.Runtimes ?? {}),
      defaultRuntime: String(info.DefaultRuntime ?? 'runc'),
      containerdVersion: components.find((c) => c.Name === 'containerd')?.Version ?? null,
      runcVersion: components.find((c) => c.Name === 'runc')?.Version ?? null,
      isDockerDesktop,
    };
  }

  async buildImage(request: BuildRequest): Promise<{ imageId: string }> {
    const what = `build ${request.tag}`;
    if (request.builder === 'cli') return buildWithCli(request, this.endpoint.host);
    const served = request.builder === 'buildkit' ? await serveContext(request.context) : undefined;
    try {
      const options: Record<string, unknown> = {
        t: request.tag,
        dockerfile: request.dockerfile,
        labels: request.labels,
        buildargs: request.buildArgs ?? {},
        nocache: request.noCache,
        platform: request.platform,
        rm: true,
        forcerm: true,
        version: request.builder === 'buildkit' ? '2' : '1',
      };
      if (served !== undefined) options.remote = served.url;
      // dockerode's buildImage attaches a session for version 2, and the daemon's messages never reach the
      // returned stream (seen: 0 bytes, even for a failed build); the endpoint is called through the modem
      // instead. A remote context needs no session.
      const { imageId, errors } = await this.call(what, async (deadline) => {
        const signal = request.signal === undefined ? deadline : AbortSignal.any([request.signal, deadline]);
        const stream = await this.dialBuild(options, served === undefined ? Readable.from([request.context]) : undefined, signal);
        let announced: string | undefined;
        const failures: string[] = [];
        for await (const message of readJsonMessages(stream as AsyncIterable<Buffer>)) {
          for (const event of interpretBuildMessage(message)) {
            if (event.kind === 'error') failures.push(event.message);
            else if (event.kind === 'image') announced = event.id;
            else request.onProgress?.(event.text);
          }
        }
        return { imageId: announced, errors: failures };
      }, this.deadlines.image);
      if (errors.length > 0) {
        throw new DockerwasmError('BUILD_FAILED', `${what} failed: ${errors[errors.length - 1]}`);
      }
      // no fallback to inspecting the tag: an image left by an earlier build would pass for this one
      if (imageId === undefined) throw new DockerwasmError('BUILD_FAILED', `${what}: the build ended without announcing an image`);
      return { imageId };
    } finally {
      await served?.close();
    }
  }

  private dialBuild(query: Record<string, unknown>, body: Readable | undefined, signal: AbortSignal | undefined): Promise<NodeJS.ReadableStream> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: '/build?',
          method: 'POST',
          options: query,
          // with no file the modem would send the options as a JSON body, and the daemon then answers a
          // BuildKit build with an empty stream: an empty body is sent instead
          file: body ?? Buffer.alloc(0),
          isStream: true,
          abortSignal: signal,
          headers: { 'Content-Type': 'application/x-tar' },
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        } as never,
        (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)),
      );
    });
  }

  async inspectImage(reference: string): Promise<ImageDetails | undefined> {
    try {
      const image = await this.call(`inspect image ${reference}`, () => this.docker.getImage(reference).inspect());
      return {
        id: image.Id,
        os: image.Os,
        architecture: image.Architecture,
        labels: image.Config?.Labels ?? {},
        tags: image.RepoTags ?? [],
      };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async exportImage(reference: string): Promise<Readable> {
    const stream = await this.call(`save ${reference}`, () => this.docker.getImage(reference).get(), this.deadlines.image);
    return stream as Readable;
  }

  async importImage(rootfs: Readable, reference: string, changes: string[], platform: string): Promise<void> {
    const [repo, tag] = splitReference(reference);
    await this.call(`import ${reference}`, async (abortSignal) => {
      const stream = await this.docker.importImage(rootfs as unknown as NodeJS.ReadableStream, { repo, tag, changes, platform, abortSignal } as object);
      await failOnErrorMessage(`import ${reference}`, stream);
    }, this.deadlines.image);
  }

  async loadImage(tar: Buffer): Promise<void> {
    await checkOciLayout(tar);
    await this.call('load image', async (abortSignal) => {
      const stream = await this.docker.loadImage(Readable.from([tar]), { quiet: true, abortSignal } as object);
      await failOnErrorMessage('load image', stream);
    }, this.deadlines.image);
  }

  async pullImage(reference: string, signal: AbortSignal): Promise<void> {
    await this.call(`pull ${reference}`, async (deadline) => {
      const stream = await this.docker.pull(reference, { abortSignal: AbortSignal.any([signal, deadline]) });
      await failOnErrorMessage(`pull ${reference}`, stream);
    }, this.deadlines.image);
  }

  async removeImage(reference: string): Promise<void> {
    try {
      await this.call(`remove image ${reference}`, (abortSignal) => this.docker.getImage(reference).remove({ force: true, abortSignal }), this.deadlines.container);
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw error;
    }
  }

  async listImages(labelFilter: string): Promise<LabelledObject[]> {
    const images = await this.call('list images', (abortSignal) => this.docker.listImages({ filters: { label: [labelFilter] }, abortSignal }));
    return images.map((image) => ({ id: image.Id, labels: image.Labels ?? {}, names: image.RepoTags ?? [] }));
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    // HostConfig.Annotations (API 1.43) is not in dockerode's types yet
    const hostConfig: Docker.HostConfig & { Annotations?: Record<string, string> } = {
      Runtime: spec.runtime,
      Annotations: spec.annotations,
      NetworkMode: spec.networkMode,
      ...(spec.cgroupParent ? { CgroupParent: spec.cgroupParent } : {}),
      // no extra privileges: every capability dropped, no new privileges, nothing mounted
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
    };
    const options: Docker.ContainerCreateOptions = {
      Image: spec.image,
      Cmd: spec.cmd,
      ...(spec.env ? { Env: spec.env } : {}),
      Labels: spec.labels,
      ...(spec.networkMode === 'none' ? { NetworkDisabled: true } : {}), // types.ts, noNetwork: why
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: hostConfig,
    };
    // dockerode copies every create option into the query string as well, unless `_query` says what goes there
    const request = { _query: spec.platform ? { platform: spec.platform } : {}, _body: options } as unknown as Docker.ContainerCreateOptions;
    const container = await this.call(`create container from ${spec.image}`, (abortSignal) => this.docker.createContainer({ ...request, abortSignal }), this.deadlines.container);
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    this.startsUnanswered.add(id);
    try {
      await this.call(`start container ${id.slice(0, 12)}`, (abortSignal) => this.docker.getContainer(id).start({ abortSignal }), this.deadlines.container);
      this.startsUnanswered.delete(id);
    } catch (error) {
      if (!isDockerwasmError(error, 'ENGINE_TIMEOUT') && !isDockerwasmError(error, 'INTERRUPTED')) this.startsUnanswered.delete(id);
      throw error;
    }
  }

  async waitContainer(id: string): Promise<number> {
    // no deadline of its own: the caller races it against the sample's timeout, then kills the container
    const result = (await this.call(`wait for container ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).wait({ condition: 'not-running' }),
    Infinity)) as { StatusCode: number; Error?: { Message?: string } | null };
    return result.StatusCode;
  }

  async containerLogs(id: string): Promise<ContainerLogs> {
    const raw = await this.call(`logs of container ${id.slice(0, 12)}`, (abortSignal) =>
      this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, abortSignal }),
    this.deadlines.container);
    return demultiplexLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  }

  async attachOutput(id: string, clock: () => number): Promise<{ first: Promise<number>; close(): void }> {
    const stream = (await this.call(`attach to container ${id.slice(0, 12)}`, (abortSignal) =>
      this.docker.getContainer(id).attach({ stream: true, stdout: true, stderr: false, abortSignal } as object),
    this.deadlines.container)) as NodeJS.ReadableStream & { destroy?: () => void };
    const first = new Promise<number>((resolve) => stream.once('data', () => resolve(clock())));
    stream.on('error', () => undefined);
    return { first, close: () => stream.destroy?.() };
  }

  watchMemory(id: string): { stop(): Promise<number | null> } {
    let peak: number | null = null;
    let stream: NodeJS.ReadableStream | undefined;
    const opened = this.docker
      .getContainer(id)
      .stats({ stream: true })
      .then(async (statsStream) => {
        stream = statsStream as NodeJS.ReadableStream;
        for await (const sample of readJsonMessages(stream as AsyncIterable<Buffer>)) {
          const seen = workingSetBytes(sample.memory_stats as MemoryStats | undefined);
          if (seen !== null && seen > 0) peak = Math.max(peak ?? 0, seen);
        }
      })
      .catch(() => undefined); // stats are best effort: a container may exit before the first reading
    return {
      stop: async () => {
        (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
        await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, 200))]);
        return peak;
      },
    };
  }

  async killContainer(id: string): Promise<void> {
    try {
      await this.call(`kill container ${id.slice(0, 12)}`, (abortSignal) => this.docker.getContainer(id).kill({ abortSignal }), this.deadlines.container);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 409) return; // gone, or not running
      throw error;
    }
  }

  async removeContainer(id: string): Promise<void> {
    // a start the engine never answered holds the container until its shim exits (stuck-shims.ts)
    if (this.startsUnanswered.delete(id)) this.releaseFromShims(id, 'its start never returned');
    const remove = () =>
      this.call(`remove container ${id.slice(0, 12)}`, (abortSignal) => this.docker.getContainer(id).remove({ force: true, v: true, abortSignal }), this.deadlines.container);
    try {
      await remove().catch(async (error: unknown) => {
        // stuck by an earlier run's start (`dockerwasm clean`): once more, without its shims
        if (!isDockerwasmError(error, 'ENGINE_TIMEOUT') || this.releaseFromShims(id, 'its removal did not return') === 0) throw error;
        await remove();
      });
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return;
      if (status === 409 && /already in progress/.test(messageOf(error))) return;
      throw error;
    }
  }

  /** Kills the shim processes holding a stuck container, on an engine on this machine; returns how many. */
  private releaseFromShims(id: string, why: string): number {
    if (!isLocalEndpoint(this.endpoint)) return 0;
    const killed = killShimsOf(id);
    log(`container ${id.slice(0, 12)}: ${why}; killed its shim processes ${killed.join(', ') || '(none found)'}`);
    return killed.length;
  }

  async listContainers(labelFilter: string): Promise<LabelledObject[]> {
    const containers = await this.call('list containers', (abortSignal) =>
      this.docker.listContainers({ all: true, filters: { label: [labelFilter] }, abortSignal }),
    );
    return containers.map((container) => ({
      id: container.Id,
      labels: container.Labels ?? {},
      names: container.Names ?? [],
      state: container.State,
    }));
  }
}

interface MemoryStats {
  usage?: number;
  stats?: Record<string, number>;
}

/**
 * Memory in use as `docker stats` shows it: usage minus the inactive file cache. cgroup v1's usage (and its
 * max_usage) also counts page cache, e.g. the pages of a runtime's shared libraries (libwasmedge and LLVM
 * showed as 1.1 GB for a tiny module), which is not the container's own memory.
 */
export function workingSetBytes(memory: MemoryStats | undefined): number | null {
  if (memory?.usage === undefined) return null;
  const inactiveFile = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
  return Math.max(0, memory.usage - inactiveFile);
}

/** Reads an engine's JSON message stream (import, pull, load) to its end; an error message in it is thrown. */
async function failOnErrorMessage(what: string, stream: unknown): Promise<void> {
  for await (const message of readJsonMessages(stream as AsyncIterable<Buffer>)) {
    const failure = interpretBuildMessage(message).find((event) => event.kind === 'error');
    if (failure?.kind === 'error') throw new DockerwasmError('ENGINE', `${what}: ${failure.message}`);
  }
}

function splitReference(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return [reference.slice(0, colon), reference.slice(colon + 1)];
  return [reference, 'latest'];
}

/** Splits the engine's multiplexed log format: frames of [stream, 0, 0, 0, size (4 bytes BE), payload]. */
export function demultiplexLogs(raw: Buffer): ContainerLogs {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let offset = 0;
  const framed = raw.length >= 8 && (raw[0] === 1 || raw[0] === 2) && raw[1] === 0 && raw[2] === 0 && raw[3] === 0;
  if (!framed) return { stdout: raw.toString('utf8'), stderr: '' };
  while (offset + 8 <= raw.length) {
    const streamType = raw[offset];
    const size = raw.readUInt32BE(offset + 4);
    const payload = raw.subarray(offset + 8, offset + 8 + size);
    (streamType === 2 ? stderr : stdout).push(payload);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}
