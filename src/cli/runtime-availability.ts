// The standalone runtimes this machine has, as a table for people (`runtimes --list`, `doctor`).
import Table from 'cli-table3';
import type { RuntimeAvailability } from '../standalone/find-runtimes.js';
import { standaloneRuntimes } from '../standalone/runtimes.js';

export function availabilityTable(rows: RuntimeAvailability[]): string {
  const table = new Table({ head: ['runtime', 'kind', 'available', 'version', 'source, or why not'], style: { head: [], border: [] }, wordWrap: true, colWidths: [22, 13, 11, 38, 64] });
  for (const row of rows) {
    const runtime = standaloneRuntimes.find((r) => r.name === row.name)!;
    table.push([row.name, runtime.kind, row.available ? 'yes' : 'no', row.version ?? '-', row.available ? (row.source ?? '') : (row.reason ?? '')]);
  }
  return table.toString();
}
