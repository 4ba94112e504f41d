// The Environment section of a compare report: env.json in a few lines a reader can check.
import type { SavedCompareSettings } from '../../config/compare-settings.js';
import { builtWith, type CompareEnvironment } from '../../results/environment.js';
import { cacheText, megabytes } from '../format.js';

export function environmentLines(env: CompareEnvironment, settings: SavedCompareSettings): string[] {
  const engine = env.engine as Record<string, string | number | boolean | null>;
  const lines = [
    `dockerwasm ${env.tool.version}${env.tool.commit ? ` (commit ${env.tool.commit.slice(0, 12)}${env.tool.dirty ? ', with local changes' : ''})` : ''}, Node ${env.tool.node}`,
    `command: dockerwasm ${env.command.join(' ')}`,
    `engine: Docker ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.host}; containerd ${engine.containerdVersion ?? '?'}; image store ${engine.imageStore}; builder ${engine.builder}`,
    `host: ${env.host.cpuModel}, ${env.host.cpus} CPUs${cacheText(env.host.caches)}, ${(env.host.memoryBytes / 2 ** 30).toFixed(1)} GiB, kernel ${env.host.kernel}`,
    `variants: ${env.variants.map((v) => `${v.name} (${v.image} image, ${v.flavour})`).join('; ')}`,
  ];
  if (env.skippedRuntimes.length > 0) lines.push(`not measured: ${env.skippedRuntimes.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
  if (env.runtimeVersions) {
    lines.push(`runtime versions: ${Object.entries(env.runtimeVersions).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join(' | ')}`);
  }
  lines.push(`Linux base: ${env.base.description}, ${megabytes(env.base.contentBytes)} MB content / ${megabytes(env.base.uncompressedBytes)} MB unpacked`);
  lines.push(`guest: ${builtWith(env.guest.inputs)}; artifacts: ${env.guest.artifacts.map((a) => `${a.flavour} ${a.bytes.toLocaleString('en-US')} B (${a.compiler})`).join('; ')}`);
  if (env.dataset) lines.push(`dataset: ${env.dataset.source} CVD, ${env.dataset.rows.toLocaleString('en-US')} rows, sha256 ${env.dataset.sha256.slice(0, 16)}`);
  lines.push(`samples ${settings.samples} after ${settings.warmup} warm-up(s), seed ${settings.seed}, timeout ${settings.timeoutSeconds} s, network ${engine.containerNetwork ?? 'none'}, Dockerfile form ${settings.form}`);
  return lines;
}
