// What `compare` and `reproduce` print: progress bars per phase on stderr, and at the end the result
// tables on stdout (or summary.json with --json).
import Table from 'cli-table3';
import type { ExperimentProgress } from '../bench/experiment.js';
import type { SummaryDocument } from '../report/summary-files.js';
import { explanations, mainTable, splitTable, type TableData } from '../report/tables.js';
import type { ProgressBar, Ui } from './ui.js';

export function progressFor(ui: Ui): ExperimentProgress & { stop(): void } {
  const bars = new Map<string, ProgressBar>();
  return {
    info: (line) => ui.info(line),
    warn: (line) => ui.warn(line),
    step(phase, done, total, detail) {
      let bar = bars.get(phase);
      if (bar === undefined) {
        for (const other of bars.values()) other.stop();
        bar = ui.bar(phase === 'build' ? 'builds' : 'runs  ', total);
        for (let i = 1; i < done; i++) bar.tick();
        bars.set(phase, bar);
      }
      bar.tick(detail);
    },
    stop() {
      for (const bar of bars.values()) bar.stop();
    },
  };
}

export function renderTable(data: TableData): string {
  const table = new Table({ head: data.head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of data.rows) table.push(row);
  return table.toString();
}

export function renderDocument(document: SummaryDocument, dir: string): string {
  const { summary } = document;
  const lines = [
    `${String(document.workload.label)}${document.complete ? '' : '  (INCOMPLETE: stopped early)'}`,
    renderTable(mainTable(summary)),
    '',
    'Where the run time goes (means):',
    renderTable(splitTable(summary)),
    ...explanations(summary).map((line) => `  ${line}`),
  ];
  if (summary.warnings.length > 0) lines.push('', 'Warnings:', ...summary.warnings.map((w) => `  ${w}`));
  lines.push('', `results: ${dir}`);
  return lines.join('\n');
}
