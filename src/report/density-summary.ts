// A density run's figures, from its cells alone (pure): per profile and concurrency, the throughput over
// the rounds with its interval, the pooled latency percentiles, memory per container and host CPU.
import { max, quantileSorted } from 'simple-statistics';
import type { DensityCell, DensityEnvironment } from '../results/density-file.js';
import { describe, type Description } from '../stats/describe.js';

export interface DensityRow {
  variant: string;
  kind: 'native' | 'wasm';
  concurrency: number;
  /** cells measured (rounds) */
  rounds: number;
  completed: number;
  failed: number;
  firstError: string | null;
  /** completed containers per second, one value per round */
  throughput: Description | null;
  latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
  /** median of create request to first output, where the containers printed */
  firstOutputP50Ms: number | null;
  containerBytes: number | null;
  shimBytes: number | null;
  engineGrowthBytes: number | null;
  hostCpuPercent: number | null;
  /** the host's busy CPU time over a cell divided by its containers: the engine, shims, runtime and this tool included */
  hostCpuMsPerContainer: number | null;
  cpuMs: number | null;
}

export interface DensitySummary {
  label: string;
  containers: number;
  rows: DensityRow[];
  /** per profile: the concurrency with the highest mean throughput */
  saturation: { variant: string; concurrency: number; throughput: number }[];
  complete: boolean;
  warnings: string[];
}

const meanOf = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
};

export function summariseDensity(env: DensityEnvironment, cells: readonly DensityCell[]): DensitySummary {
  const warnings: string[] = [];
  const rows: DensityRow[] = [];
  const concurrencies = [...new Set(cells.map((c) => c.concurrency))].sort((a, b) => a - b);
  for (const variant of env.variants) {
    for (const concurrency of concurrencies) {
      const group = cells.filter((c) => c.variant === variant.name && c.concurrency === concurrency);
      if (group.length === 0) continue;
      const containers = group.flatMap((c) => c.containers);
      const ok = containers.filter((c) => c.outcome === 'ok');
      const failures = containers.filter((c) => c.outcome !== 'ok');
      const latencies = ok.map((c) => c.latencyMs).filter((v): v is number => v !== null).sort((a, b) => a - b);
      // a cell the engine left mid-way has no throughput of its own
      const throughputs = group.filter((c) => c.outcome !== 'engine-unavailable').map((c) => c.containers.filter((x) => x.outcome === 'ok').length / (c.wallMs / 1000));
      rows.push({
        variant: variant.name,
        kind: variant.kind,
        concurrency,
        rounds: group.length,
        completed: ok.length,
        failed: failures.length,
        firstError: failures[0]?.error ?? null,
        throughput: describe(throughputs),
        latencyMs: latencies.length === 0 ? null : { p50: quantileSorted(latencies, 0.5), p95: quantileSorted(latencies, 0.95), p99: quantileSorted(latencies, 0.99), max: max(latencies) },
        firstOutputP50Ms: (() => {
          const firsts = ok.map((c) => c.firstOutputMs).filter((v): v is number => v !== null).sort((a, b) => a - b);
          return firsts.length === 0 ? null : quantileSorted(firsts, 0.5);
        })(),
        containerBytes: meanOf(group.map((c) => c.memory.containerBytes)),
        shimBytes: meanOf(group.map((c) => c.memory.shimBytes)),
        engineGrowthBytes: meanOf(group.map((c) => c.memory.engineGrowthBytes)),
        hostCpuPercent: meanOf(group.map((c) => c.hostCpuPercent)),
        hostCpuMsPerContainer: meanOf(group.map((c) => (c.hostCpuPercent === null || c.containers.length === 0 ? null : ((c.hostCpuPercent / 100) * c.wallMs * env.host.cpus) / c.containers.length))),
        cpuMs: meanOf(ok.map((c) => c.cpuMs)),
      });
      if (failures.length > 0) warnings.push(`${variant.name} at concurrency ${concurrency}: ${failures.length} of ${containers.length} containers failed; first: ${failures[0]!.error ?? failures[0]!.outcome}`);
    }
  }
  const saturation = env.variants.flatMap((variant) => {
    const best = rows.filter((r) => r.variant === variant.name && r.throughput).sort((a, b) => b.throughput!.mean - a.throughput!.mean)[0];
    return best ? [{ variant: variant.name, concurrency: best.concurrency, throughput: best.throughput!.mean }] : [];
  });
  return { label: env.label, containers: Number(env.settings.containers), rows, saturation, complete: env.completedAt !== null, warnings };
}
