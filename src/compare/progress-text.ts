// One short line per recorded measurement, for progress bars and logs.
import type { CompareRecord } from '../results/compare-records.js';

const secondsText = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/** `referenceDigest`: what the baseline computed, when known; a run that computed something else says so. */
export function describeRecord(record: CompareRecord, referenceDigest: string | null = null): string {
  switch (record.type) {
    case 'build':
      return `${record.image} ${record.phase} ${record.ok && record.ms !== null ? `${(record.ms / 1000).toFixed(2)} s` : 'FAILED'}`;
    case 'size':
      return `${record.image} ${(record.contentBytes / 1e6).toFixed(2)} MB`;
    case 'calibration':
      return `calibration ${secondsText(record.ms)}`;
    case 'run': {
      const head = `${record.variant} ${record.phase} `;
      if (record.outcome !== 'ok' || record.totalMs === null || record.guest === null) {
        return head + (record.outcome === 'engine-unavailable' ? 'ENGINE UNAVAILABLE' : record.outcome.toUpperCase());
      }
      const mismatch = referenceDigest !== null && record.guest.digest !== referenceDigest ? ' DIGEST MISMATCH' : '';
      return `${head}${secondsText(record.totalMs)}${record.guest.compute_ms === undefined ? '' : ` (guest ${secondsText(record.guest.compute_ms)})`}${mismatch}`;
    }
  }
}
