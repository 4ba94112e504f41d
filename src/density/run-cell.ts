// One cell of a density run: `containers` containers of one profile, at most `concurrency` alive at a
// time, each through the Docker API (create, start, wait, logs, remove: runContainer). While they run,
// a reader takes the memory of the live containers' cgroups and of the shims started for them every
// 100 ms; the host's CPU use comes from /proc/stat around the cell. Each container's record says how it
// ended and what it printed; whether that was right is the summary's verdict.
import type { CgroupAccounting, CgroupLease } from '../engine/cgroup-accounting.js';
import type { CleanupRegistry } from '../engine/cleanup.js';
import { readEngineProcesses, type EngineProcesses } from '../engine/process-memory.js';
import { runContainer } from '../engine/run-container.js';
import type { ContainerEngine, Labels } from '../engine/types.js';
import { DockerwasmError, isDockerwasmError, messageOf } from '../errors.js';
import type { Clock } from '../io/clock.js';
import { busyPercent, readCpuTimes } from '../host/host-load.js';
import { densityRecordVersion, type DensityCell, type DensityContainer } from '../results/density-records.js';
import { printed, type DensityTarget, type Reader } from './prepare.js';

export interface CellContext {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  clock: Clock;
  signal: AbortSignal;
  labels: Labels;
  cpuAccounting: CgroupAccounting;
  /** false where the engine's processes are not on this machine */
  readProcesses: boolean;
  timeoutMs: number;
  read: Reader;
  env: readonly string[];
}

const readingIntervalMs = 100;

/** The cgroup accounting, with the leases it handed out and has not yet had removed. */
function trackedAccounting(accounting: CgroupAccounting): { accounting: CgroupAccounting; live: Set<CgroupLease> } {
  const live = new Set<CgroupLease>();
  return {
    live,
    accounting: {
      ...accounting,
      lease() {
        const lease = accounting.lease();
        if (lease === undefined) return undefined;
        live.add(lease);
        return {
          ...lease,
          remove() {
            live.delete(lease);
            return lease.remove();
          },
        };
      },
    },
  };
}

export async function runCell(context: CellContext, target: DensityTarget, place: { step: string; concurrency: number; round: number; containers: number }): Promise<DensityCell> {
  const { accounting, live } = trackedAccounting(context.cpuAccounting);
  const results: DensityContainer[] = [];
  let next = 0;
  let alive = 0;
  let peakAlive = 0;
  let engineLost: DockerwasmError | undefined;

  // memory readings while containers are alive
  const baseline: EngineProcesses | null = context.readProcesses ? readEngineProcesses() : null;
  const containerReadings: number[] = [];
  const shimReadings: number[] = [];
  const engineReadings: number[] = [];
  const takeReading = () => {
    if (alive === 0) return;
    const memories = [...live].map((lease) => lease.memoryBytes()).filter((m): m is number => m !== null && m > 0);
    if (memories.length > 0) containerReadings.push(memories.reduce((a, b) => a + b, 0) / memories.length);
    if (!baseline) return;
    const now = readEngineProcesses();
    if (!now) return;
    // one shim process per container (runc's and the runwasi shims alike): the PSS of one started during the cell
    const started = [...now.shims].filter(([pid]) => !baseline.shims.has(pid)).map(([, pss]) => pss);
    if (started.length > 0) shimReadings.push(started.reduce((a, b) => a + b, 0) / started.length);
    engineReadings.push(now.engineBytes - baseline.engineBytes);
  };
  const reader = setInterval(takeReading, readingIntervalMs);

  const cpuBefore = readCpuTimes();
  const started = context.clock();
  const worker = async () => {
    while (next < place.containers && engineLost === undefined && !context.signal.aborted) {
      const index = next++;
      alive++;
      peakAlive = Math.max(peakAlive, alive);
      try {
        const run = await runContainer(
          context.engine,
          {
            image: target.image,
            cmd: target.cmd,
            labels: context.labels,
            runtime: target.runtime,
            ...(target.annotations ? { annotations: target.annotations } : {}),
            ...(context.env.length ? { env: [...context.env] } : {}),
            networkMode: 'none',
          },
          { clock: context.clock, timeoutMs: context.timeoutMs, registry: context.registry, signal: context.signal, watchMemory: false, cgroups: accounting, timeFirstOutput: true },
        );
        results.push({
          index,
          outcome: run.outcome,
          ...printed(run, context.read),
          createMs: run.createMs,
          latencyMs: run.totalMs,
          firstOutputMs: run.firstOutputMs,
          removeMs: run.removeMs,
          cpuMs: run.cpu?.cpuMs ?? null,
          computeMs: run.outcome === 'ok' ? (context.read(run.stdout)?.compute_ms ?? null) : null,
          error: run.error,
        });
      } catch (error) {
        if (isDockerwasmError(error, 'ENGINE_UNAVAILABLE')) {
          engineLost = error;
          results.push({ index, outcome: 'engine-unavailable', digest: null, output: '', createMs: null, latencyMs: null, firstOutputMs: null, removeMs: null, cpuMs: null, computeMs: null, error: messageOf(error) });
        } else if (!isDockerwasmError(error, 'INTERRUPTED')) throw error;
      } finally {
        alive--;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(place.concurrency, place.containers) }, worker));
  } finally {
    clearInterval(reader);
  }
  const wallMs = Math.round((context.clock() - started) * 1000) / 1000;
  if (context.signal.aborted) throw new DockerwasmError('INTERRUPTED', 'interrupted');
  const mean = (values: number[]) => (values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length));
  results.sort((a, b) => a.index - b.index);
  return {
    schema: densityRecordVersion,
    type: 'density-cell',
    step: place.step,
    variant: target.name,
    concurrency: place.concurrency,
    round: place.round,
    outcome: engineLost ? 'engine-unavailable' : results.every((r) => r.outcome === 'ok') && results.length === place.containers ? 'ok' : 'failed',
    containers: results,
    wallMs,
    peakAlive,
    hostCpuPercent: busyPercent(cpuBefore, readCpuTimes()),
    memory: { containerBytes: mean(containerReadings), shimBytes: mean(shimReadings), engineGrowthBytes: mean(engineReadings), readings: containerReadings.length },
    at: new Date().toISOString(),
  };
}
