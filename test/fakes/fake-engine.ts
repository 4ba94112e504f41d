// An in-memory ContainerEngine for unit tests. Time comes from a fake clock the engine advances, so
// timings are exact; behaviours (output, exit codes, hangs, outages) are set per runtime or per call.
import { Readable } from 'node:stream';
import type { CgroupAccounting } from '../../src/engine/cgroup-accounting.js';
import type {
  BuildRequest,
  ContainerEngine,
  ContainerLogs,
  ContainerSpec,
  EngineInfo,
  ImageDetails,
  LabelledObject,
} from '../../src/engine/types.js';
import { checkOciLayout } from '../../src/engine/oci-wasm-image.js';
import { DockerwasmError } from '../../src/errors.js';

export class FakeClock {
  now = 0;
  read = () => this.now;
  advance(ms: number) {
    this.now += ms;
  }
}

export interface RunBehaviour {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** ms the container "runs" before exiting */
  runMs?: number;
  /** never exits (until killed) */
  hang?: boolean;
  startError?: string;
  /** CPU time its cgroup accounts (absent: the fake accounting reads nothing) */
  cpuMs?: number;
}

export const fakeInfo: EngineInfo = {
  host: 'unix:///fake.sock',
  onThisMachine: true,
  sharesLoopback: true,
  serverVersion: '26.1.5',
  apiVersion: '1.45',
  operatingSystem: 'Fake Linux',
  os: 'linux',
  arch: 'x86_64',
  kernel: '6.0',
  cpus: 2,
  memoryBytes: 2 ** 34,
  imageStore: 'containerd',
  storageDriver: 'overlayfs',
  cgroupVersion: '1',
  cgroupDriver: 'cgroupfs',
  runtimes: ['runc', 'crun'],
  defaultRuntime: 'runc',
  containerdVersion: '1.7.24',
  runcVersion: '1.1',
  isDockerDesktop: false,
};

interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  state: 'created' | 'running' | 'exited';
  behaviour: RunBehaviour;
  exitCode: number | null;
  release?: () => void;
  onExit?: () => void;
}

export class FakeEngine implements ContainerEngine {
  readonly clock = new FakeClock();
  readonly containers = new Map<string, FakeContainer>();
  readonly images = new Map<string, { id: string; labels: Record<string, string> }>();
  readonly builds: BuildRequest[] = [];
  readonly calls: string[] = [];
  /** behaviour per runtime name (HostConfig.Runtime); `default` otherwise */
  behaviours: Record<string, RunBehaviour | ((spec: ContainerSpec) => RunBehaviour)> = {};
  buildMs = 50;
  buildFailure: ((request: BuildRequest) => string | undefined) | undefined;
  /** when true, every call fails as if the engine were stopped */
  down = false;
  /** take the engine down after this many more calls to createContainer */
  downAfterCreates: number | undefined;
  private nextId = 1;
  /** the behaviour of the container created under each parent cgroup, for the fake CPU accounting */
  private readonly byCgroupParent = new Map<string, RunBehaviour>();
  private nextCgroup = 1;
  /** parent cgroups handed out and not yet removed */
  readonly liveCgroups = new Set<string>();

  /** CPU accounting as cgroup-accounting.ts gives it, reading each container's `cpuMs` */
  readonly cpuAccounting: CgroupAccounting = {
    available: true,
    description: 'fake: from each container behaviour\'s cpuMs',
    lease: () => {
      const parent = `/dockerwasm-fake${this.nextCgroup++}`;
      this.liveCgroups.add(parent);
      return {
        parent,
        usage: () => {
          const cpuMs = this.byCgroupParent.get(parent)?.cpuMs;
          return cpuMs === undefined ? null : { cpuMs, cpuUserMs: cpuMs, cpuSystemMs: 0 };
        },
        memoryBytes: () => null,
        remove: () => this.liveCgroups.delete(parent) || true,
      };
    },
  };

  private guard(what: string) {
    this.calls.push(what);
    if (this.down) throw new DockerwasmError('ENGINE_UNAVAILABLE', `cannot reach the Docker engine at unix:///fake.sock: ECONNREFUSED (${what})`);
  }

  async info() {
    this.guard('info');
    return fakeInfo;
  }

  async ping() {
    this.guard('ping');
  }

  async buildImage(request: BuildRequest) {
    this.guard(`build ${request.tag}`);
    this.builds.push(request);
    this.clock.advance(request.noCache ? this.buildMs * 3 : this.buildMs);
    const failure = this.buildFailure?.(request);
    if (failure) throw new DockerwasmError('BUILD_FAILED', `build ${request.tag} failed: ${failure}`);
    const id = `sha256:${(this.nextId++).toString(16).padStart(64, '0')}`;
    this.images.set(request.tag, { id, labels: request.labels });
    return { imageId: id };
  }

  async inspectImage(reference: string): Promise<ImageDetails | undefined> {
    this.guard(`inspect ${reference}`);
    const image = this.images.get(reference);
    return image ? { id: image.id, os: 'linux', architecture: 'amd64', labels: image.labels, tags: [reference] } : undefined;
  }

  async exportImage(reference: string): Promise<Readable> {
    this.guard(`save ${reference}`);
    const { ociLayoutTar } = await import('./oci-layout.js');
    return Readable.from([await ociLayoutTar({ layers: [Buffer.alloc(1000, 1)] })]);
  }

  async importImage(_rootfs: Readable, reference: string) {
    this.guard(`import ${reference}`);
    this.images.set(reference, { id: `sha256:${'b'.repeat(64)}`, labels: { dockerwasm: 'true', 'dockerwasm.kind': 'base' } });
  }

  /** checks the layout as the engine does; nothing here reads it, so no image is recorded */
  async loadImage(tar: Buffer) {
    this.guard('load image');
    await checkOciLayout(tar);
  }

  async pullImage(reference: string) {
    this.guard(`pull ${reference}`);
    throw new DockerwasmError('ENGINE', `pull ${reference}: no registry`);
  }

  async removeImage(reference: string) {
    this.guard(`rmi ${reference}`);
    this.images.delete(reference);
  }

  async listImages(labelFilter: string): Promise<LabelledObject[]> {
    this.guard('list images');
    const [key, value] = labelFilter.split('=');
    return [...this.images.entries()]
      .filter(([, image]) => image.labels[key!] === value)
      .map(([tag, image]) => ({ id: image.id, labels: image.labels, names: [tag] }));
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    if (this.downAfterCreates !== undefined) {
      if (this.downAfterCreates === 0) {
        this.down = true;
        this.downAfterCreates = undefined;
      } else this.downAfterCreates--;
    }
    this.guard(`create ${spec.image} ${spec.runtime ?? ''}`);
    if (!this.images.has(spec.image)) throw new DockerwasmError('ENGINE', `create container from ${spec.image}: No such image`);
    this.clock.advance(10);
    const id = `c${(this.nextId++).toString().padStart(11, '0')}`;
    const chosen = this.behaviours[spec.runtime ?? 'default'] ?? this.behaviours.default ?? {};
    const behaviour = typeof chosen === 'function' ? chosen(spec) : chosen;
    this.containers.set(id, { id, spec, state: 'created', behaviour, exitCode: null });
    if (spec.cgroupParent) this.byCgroupParent.set(spec.cgroupParent, behaviour);
    return id;
  }

  async startContainer(id: string) {
    this.guard(`start ${id}`);
    const container = this.containers.get(id)!;
    if (container.behaviour.startError) throw new DockerwasmError('ENGINE', `start container: ${container.behaviour.startError}`);
    this.clock.advance(20);
    container.state = 'running';
  }

  async waitContainer(id: string): Promise<number> {
    this.guard(`wait ${id}`);
    const container = this.containers.get(id)!;
    if (container.behaviour.hang) {
      await new Promise<void>((resolve) => {
        container.release = resolve;
      });
      return container.exitCode ?? 137;
    }
    this.clock.advance(container.behaviour.runMs ?? 100);
    if (container.behaviour.stdout) container.onExit?.();
    container.state = 'exited';
    container.exitCode = container.behaviour.exitCode ?? 0;
    return container.exitCode;
  }

  async containerLogs(id: string): Promise<ContainerLogs> {
    this.guard(`logs ${id}`);
    const container = this.containers.get(id)!;
    return { stdout: container.behaviour.stdout ?? '', stderr: container.behaviour.stderr ?? '' };
  }

  /** the fake's first output comes when its wait is answered (the program prints as it exits) */
  async attachOutput(id: string, clock: () => number) {
    this.guard(`attach ${id}`);
    const container = this.containers.get(id)!;
    const first = new Promise<number>((resolve) => {
      container.onExit = () => resolve(clock());
    });
    return { first, close: () => undefined };
  }

  watchMemory() {
    return { stop: async () => 4_000_000 };
  }

  async killContainer(id: string) {
    this.guard(`kill ${id}`);
    const container = this.containers.get(id);
    if (container) {
      container.state = 'exited';
      container.exitCode = 137;
      container.release?.();
    }
  }

  async removeContainer(id: string) {
    this.guard(`rm ${id}`);
    this.clock.advance(5);
    this.containers.delete(id);
  }

  async listContainers(labelFilter: string): Promise<LabelledObject[]> {
    this.guard('list containers');
    const [key, value] = labelFilter.split('=');
    return [...this.containers.values()]
      .filter((c) => c.spec.labels[key!] === value)
      .map((c) => ({ id: c.id, labels: c.spec.labels, names: [c.id], state: c.state }));
  }
}

/** A guest's result line as a workload prints it. */
export function guestLine(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ algorithm: 'linreg', n: 150, compute_ms: 12.5, load_ms: 1, fit_ms: 10, predict_ms: 1.5, digest: 'd1', result: { r2: 0.5 }, ...overrides });
}
