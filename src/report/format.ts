// Number formats shared by every table (pure).
import type { Description } from '../stats/describe.js';

/** seconds with `digits` decimals; below 10 ms, three significant digits so small figures stay visible */
export function seconds(ms: number | null | undefined, digits = 3): string {
  if (ms == null) return '-';
  const s = ms / 1000;
  if (s !== 0 && Math.abs(s) < 0.01) return s.toPrecision(3);
  return s.toFixed(digits);
}
export const megabytes = (bytes: number | null | undefined, digits = 2) => (bytes == null ? '-' : (bytes / 1e6).toFixed(digits));
export const ratio = (value: number | null | undefined, digits = 2) => (value == null ? '-' : `${value.toFixed(digits)}x`);

/** "1.234 ± 0.012" (mean ± half the 95% interval), in seconds */
export function meanWithCi(d: Description | null, digits = 3): string {
  if (d === null) return '-';
  if (d.ci95 === null) return seconds(d.mean, digits);
  return `${seconds(d.mean, digits)} ± ${seconds((d.ci95[1] - d.ci95[0]) / 2, digits)}`;
}

export function intervalText(ci: [number, number] | null | undefined, format: (x: number) => string): string {
  return ci == null ? '' : `[${format(ci[0])}, ${format(ci[1])}]`;
}

const binary = (bytes: number) => (bytes >= 2 ** 20 ? `${+(bytes / 2 ** 20).toFixed(1)} MiB` : `${+(bytes / 2 ** 10).toFixed(1)} KiB`);

/** ", L1d 48 KiB, L2 1 MiB, L3 32 MiB" for a host that recorded its caches; "" for one that did not */
export function cacheText(caches: readonly { level: number; type: string; bytes: number }[] | undefined): string {
  if (!caches || caches.length === 0) return '';
  const name = (c: { level: number; type: string }) => `L${c.level}${c.type === 'Data' ? 'd' : c.type === 'Instruction' ? 'i' : ''}`;
  return `, ${caches.map((c) => `${name(c)} ${binary(c.bytes)}`).join(', ')}`;
}
