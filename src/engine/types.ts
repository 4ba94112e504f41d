// The thin interface between dockerwasm and a Docker engine. Only docker-engine.ts talks to dockerode;
// everything else (sampling, doctor, cleanup) sees this interface, and unit tests give it a fake.
import type { Readable } from 'node:stream';

export interface EngineInfo {
  /** where the engine was reached, e.g. unix:///var/run/docker.sock */
  host: string;
  /** true when the engine runs on this machine (not Docker Desktop's VM): its cgroups and processes are visible here */
  onThisMachine: boolean;
  /** true when it also shares our network namespace, so a build context served on our 127.0.0.1 reaches it */
  sharesLoopback: boolean;
  serverVersion: string;
  apiVersion: string;
  operatingSystem: string;
  os: string;
  arch: string;
  kernel: string;
  cpus: number;
  memoryBytes: number;
  /** 'containerd' when the containerd image store is on (wasi/wasm images need it) */
  imageStore: 'containerd' | 'graphdriver';
  storageDriver: string;
  cgroupVersion: string;
  /** 'cgroupfs' or 'systemd' */
  cgroupDriver: string;
  runtimes: string[];
  defaultRuntime: string;
  containerdVersion: string | null;
  runcVersion: string | null;
  isDockerDesktop: boolean;
}

export type Labels = Record<string, string>;

export interface BuildRequest {
  tag: string;
  /** e.g. linux/amd64 or wasi/wasm */
  platform: string;
  /** the build context as an uncompressed tar */
  context: Buffer;
  /** path of the Dockerfile inside the context */
  dockerfile: string;
  labels: Labels;
  buildArgs?: Record<string, string>;
  noCache: boolean;
  builder: 'buildkit' | 'classic' | 'cli';
  signal?: AbortSignal;
  /** called with each step or log line the builder reports */
  onProgress?: (line: string) => void;
}

export interface ImageDetails {
  id: string;
  os: string;
  architecture: string;
  labels: Labels;
  tags: string[];
}

/**
 * What `networkMode: 'none'` gives a container, on every profile and engine alike, as env.json records it. The
 * engine is told NetworkDisabled: the runtime makes an empty network namespace of the container's own and
 * dockerd never enters it. With NetworkMode none alone, Docker 28 enters the namespace through the task's pid
 * between create and start; runwasi's shims report that pid only at start (0 before), so start never returns.
 */
export const noNetwork = 'none (NetworkDisabled: an empty network namespace of its own, made by the runtime; every profile)';

export interface ContainerSpec {
  image: string;
  cmd?: string[];
  labels: Labels;
  /** HostConfig.Runtime: runc, crun, io.containerd.wasmtime.v1, ... (undefined: the engine's default) */
  runtime?: string;
  /** OCI annotations, e.g. run.oci.handler=wasm for crun's WasmEdge handler */
  annotations?: Record<string, string>;
  /** 'none' for every workload, they need no network (see noNetwork); 'host' for the OCI bench on an engine that needs it */
  networkMode: 'none' | 'host';
  /** the image platform to run (`?platform=`, API 1.41), e.g. wasip1/wasm for an OCI Wasm image; absent: the engine's own */
  platform?: string;
  /** Config.Env, `NAME=value` */
  env?: string[];
  /** HostConfig.CgroupParent: the parent cgroup its CPU time is read from (cgroup-accounting.ts) */
  cgroupParent?: string;
}

export interface ContainerLogs {
  stdout: string;
  stderr: string;
}

export interface LabelledObject {
  id: string;
  labels: Labels;
  names: string[];
  state?: string;
}

export interface ContainerEngine {
  info(): Promise<EngineInfo>;
  ping(): Promise<void>;

  buildImage(request: BuildRequest): Promise<{ imageId: string }>;
  inspectImage(reference: string): Promise<ImageDetails | undefined>;
  /** `docker save` of one image: an OCI layout tar */
  exportImage(reference: string): Promise<Readable>;
  /** `docker import` of a root filesystem tar */
  importImage(rootfs: Readable, reference: string, changes: string[], platform: string): Promise<void>;
  /** `docker load` of an OCI image layout tar (POST /images/load): all the platforms it holds, e.g. a Wasm image's wasip1/wasm */
  loadImage(tar: Buffer): Promise<void>;
  pullImage(reference: string, signal: AbortSignal): Promise<void>;
  removeImage(reference: string): Promise<void>;
  listImages(labelFilter: string): Promise<LabelledObject[]>;

  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** resolves with the exit code once the container is not running */
  waitContainer(id: string): Promise<number>;
  containerLogs(id: string): Promise<ContainerLogs>;
  /** attaches to a created container's stdout; `first` resolves with the monotonic time of its first output chunk */
  attachOutput(id: string, clock: () => number): Promise<{ first: Promise<number>; close(): void }>;
  /** peak memory the engine saw while the container ran, sampled by the engine (null when it had none) */
  watchMemory(id: string): { stop(): Promise<number | null> };
  killContainer(id: string): Promise<void>;
  removeContainer(id: string): Promise<void>;
  listContainers(labelFilter: string): Promise<LabelledObject[]>;
}
