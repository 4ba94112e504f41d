// A density run's figures, from its cells alone (pure): per profile and concurrency, the throughput over
// the rounds with its interval, the pooled latency percentiles, memory per container and host CPU. A
// container counts as completed only when it printed what the baseline's warm-up printed.
import { max, quantileSorted } from 'simple-statistics';
import { containerVerdict, type DensityCell, type DensityContainer, type DensityReference } from '../../results/density-records.js';
import type { DensityEnvironment } from '../../results/environment.js';
import type { DensityRow, DensitySummary } from '../../results/summaries.js';
import { baselineVariant } from '../../results/variants.js';
import { describe, meanOf } from '../../stats/describe.js';

/** What every container must print: the baseline's warm-up output; null for runs that recorded verdicts, not outputs. */
export function densityReference(env: DensityEnvironment): DensityReference | null {
  const baseline = env.warmups.find((w) => w.variant === baselineVariant && w.output !== undefined);
  return baseline ? { digest: baseline.digest ?? null, output: baseline.output! } : null;
}

/** Why a container does not count, in one line. */
function failure(container: DensityContainer, reference: DensityReference | null): string {
  const verdict = containerVerdict(container, reference);
  return container.error ?? (container.output === undefined ? verdict : `${verdict}: ${container.output.split('\n').at(-1) ?? ''}`);
}

export function summariseDensity(env: DensityEnvironment, cells: readonly DensityCell[]): DensitySummary {
  const reference = densityReference(env);
  const good = (c: DensityContainer) => containerVerdict(c, reference) === 'ok';
  const warnings: string[] = [];
  const rows: DensityRow[] = [];
  const concurrencies = [...new Set(cells.map((c) => c.concurrency))].sort((a, b) => a - b);
  for (const variant of env.variants) {
    for (const concurrency of concurrencies) {
      const group = cells.filter((c) => c.variant === variant.name && c.concurrency === concurrency);
      if (group.length === 0) continue;
      const containers = group.flatMap((c) => c.containers);
      const ok = containers.filter(good);
      const failures = containers.filter((c) => !good(c));
      const latencies = ok.map((c) => c.latencyMs).filter((v): v is number => v !== null).sort((a, b) => a - b);
      // a cell the engine left mid-way has no throughput of its own
      const throughputs = group.filter((c) => c.outcome !== 'engine-unavailable').map((c) => c.containers.filter(good).length / (c.wallMs / 1000));
      rows.push({
        variant: variant.name,
        kind: variant.kind,
        concurrency,
        rounds: group.length,
        completed: ok.length,
        failed: failures.length,
        firstError: failures[0] ? failure(failures[0], reference) : null,
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
      if (failures.length > 0) warnings.push(`${variant.name} at concurrency ${concurrency}: ${failures.length} of ${containers.length} containers failed; first: ${failure(failures[0]!, reference)}`);
    }
  }
  const saturation = env.variants.flatMap((variant) => {
    const best = rows.filter((r) => r.variant === variant.name && r.throughput).sort((a, b) => b.throughput!.mean - a.throughput!.mean)[0];
    return best ? [{ variant: variant.name, concurrency: best.concurrency, throughput: best.throughput!.mean }] : [];
  });
  return { label: env.label, containers: Number(env.settings.containers), rows, saturation, complete: env.completedAt !== null, warnings };
}
