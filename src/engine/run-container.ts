// One container run, timed phase by phase: create, start, wait for exit, then logs and remove.
// "Run time" (the thesis's figure) is create to exit: totalMs = createMs + startMs + exitWaitMs. With
// timeFirstOutput, an attach request to stdout goes between create and start (counted in startMs).
import { DockerwasmError, messageOf, type ErrorCode } from '../errors.js';
import type { Clock } from '../io/clock.js';
import type { CgroupAccounting, CgroupUsage } from './cgroup-accounting.js';
import type { CleanupRegistry } from './cleanup.js';
import type { ContainerEngine, ContainerSpec } from './types.js';

/** how a container run ended: ok, a non-zero exit, killed at the timeout, or the engine refused a step */
export type RunOutcome = 'ok' | 'exit-code' | 'timeout' | 'engine-error';

export interface RunMeasurement {
  outcome: RunOutcome;
  containerId: string | null;
  /** create request to container created */
  createMs: number | null;
  /** start request to start acknowledged */
  startMs: number | null;
  /** create request to the first chunk of stdout (with RunOptions.timeFirstOutput; null otherwise or when it printed nothing) */
  firstOutputMs: number | null;
  /** start acknowledged to exit seen by a wait request */
  exitWaitMs: number | null;
  /** create request to exit seen: createMs + startMs + exitWaitMs */
  totalMs: number | null;
  /** remove request to container gone (not part of totalMs) */
  removeMs: number | null;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  peakMemoryBytes: number | null;
  /** CPU time of the container's processes from its cgroup; null when not measured */
  cpu: CgroupUsage | null;
  error: string | null;
  /** the code of the tool's error that ended the run early, e.g. ENGINE_TIMEOUT for a start that never returned */
  errorCode: ErrorCode | null;
}

export interface RunOptions {
  clock: Clock;
  timeoutMs: number;
  registry: CleanupRegistry;
  signal?: AbortSignal;
  /** read peak memory from the engine's stats while the container runs */
  watchMemory: boolean;
  /** attach to stdout between create and start, to time the first output (the attach request is part of totalMs) */
  timeFirstOutput?: boolean;
  /** reads the container's CPU time from a parent cgroup of its own (absent: not measured) */
  cgroups?: CgroupAccounting;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
const codeOf = (error: unknown): ErrorCode | null => (error instanceof DockerwasmError ? error.code : null);

function interruptedError(signal: AbortSignal | undefined): DockerwasmError | undefined {
  return signal?.aborted ? new DockerwasmError('INTERRUPTED', 'interrupted') : undefined;
}

/** Resolves with 'timeout' after `ms`, or 'aborted' when the signal fires; `cancel` clears the timer. */
function deadline(ms: number, signal: AbortSignal | undefined) {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const promise = new Promise<'timeout' | 'aborted'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    },
  };
}

export async function runContainer(engine: ContainerEngine, spec: ContainerSpec, options: RunOptions): Promise<RunMeasurement> {
  const { clock, registry } = options;
  const measurement: RunMeasurement = {
    outcome: 'engine-error',
    containerId: null,
    createMs: null,
    startMs: null,
    firstOutputMs: null,
    exitWaitMs: null,
    totalMs: null,
    removeMs: null,
    exitCode: null,
    stdout: '',
    stderr: '',
    peakMemoryBytes: null,
    cpu: null,
    error: null,
    errorCode: null,
  };
  const interrupted = interruptedError(options.signal);
  if (interrupted) throw interrupted;

  const lease = options.cgroups?.lease();
  if (lease) registry.cgroup(lease);
  const t0 = clock();
  let id: string;
  try {
    id = await engine.createContainer(lease ? { ...spec, cgroupParent: lease.parent } : spec);
  } catch (error) {
    if (lease) registry.removeCgroup(lease);
    if (error instanceof DockerwasmError && error.code === 'ENGINE_UNAVAILABLE') throw error;
    measurement.error = messageOf(error);
    measurement.errorCode = codeOf(error);
    return measurement;
  }
  const t1 = clock();
  registry.container(id);
  measurement.containerId = id;
  measurement.createMs = round(t1 - t0);

  let attached: { first: Promise<number>; close(): void } | undefined;
  try {
    try {
      if (options.timeFirstOutput) attached = await engine.attachOutput(id, clock);
      await engine.startContainer(id);
    } catch (error) {
      if (error instanceof DockerwasmError && error.code === 'ENGINE_UNAVAILABLE') throw error;
      measurement.error = messageOf(error);
      measurement.errorCode = codeOf(error);
      return measurement;
    }
    const t2 = clock();
    measurement.startMs = round(t2 - t1);
    const memory = options.watchMemory ? engine.watchMemory(id) : undefined;

    const limit = deadline(options.timeoutMs, options.signal);
    const waited = engine.waitContainer(id).then(
      (code) => ({ code }),
      (error: unknown) => ({ error }),
    );
    const first = await Promise.race([waited, limit.promise]);
    limit.cancel();
    const t3 = clock();
    measurement.cpu = lease?.usage() ?? null;
    if (attached) {
      // the attach stream may deliver the output just after the exit is seen
      const grace = new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000).unref());
      const at = await Promise.race([attached.first, grace]);
      measurement.firstOutputMs = at === null ? null : round(at - t0);
    }
    if (first === 'timeout' || first === 'aborted') {
      await engine.killContainer(id).catch(() => undefined);
      measurement.peakMemoryBytes = (await memory?.stop()) ?? null;
      if (first === 'aborted') throw new DockerwasmError('INTERRUPTED', 'interrupted while a container ran');
      measurement.outcome = 'timeout';
      measurement.error = `no exit within ${options.timeoutMs / 1000} s; killed`;
      return measurement;
    }
    measurement.peakMemoryBytes = (await memory?.stop()) ?? null;
    if ('error' in first) {
      if (first.error instanceof DockerwasmError && first.error.code === 'ENGINE_UNAVAILABLE') throw first.error;
      measurement.error = messageOf(first.error);
      return measurement;
    }
    measurement.exitWaitMs = round(t3 - t2);
    measurement.totalMs = round(t3 - t0);
    measurement.exitCode = first.code;
    try {
      const logs = await engine.containerLogs(id);
      measurement.stdout = logs.stdout;
      measurement.stderr = logs.stderr;
    } catch (error) {
      measurement.error = `logs: ${messageOf(error)}`;
      return measurement;
    }
    measurement.outcome = first.code === 0 ? 'ok' : 'exit-code';
    if (first.code !== 0) measurement.error = `exited with code ${first.code}`;
    return measurement;
  } finally {
    attached?.close();
    const t4 = clock();
    try {
      await registry.removeContainer(id);
      measurement.removeMs = round(clock() - t4);
    } catch (error) {
      measurement.error ??= `remove: ${messageOf(error)}`;
    }
    if (lease) registry.removeCgroup(lease);
  }
}
