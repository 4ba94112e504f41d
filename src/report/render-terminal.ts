// The report for the terminal: each section's tables drawn with cli-table3 and its sentences indented.
import Table from 'cli-table3';
import type { ResultSection } from './content.js';
import type { TableData } from './tables.js';

export function renderTable(data: TableData): string {
  const table = new Table({ head: data.head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of data.rows) table.push(row);
  return table.toString();
}

export function renderSection(section: ResultSection): string {
  const { document } = section.source;
  const lines = [
    `${document.workload.label}${document.complete ? '' : '  (INCOMPLETE: stopped early)'}`,
    renderTable(section.main),
    '',
    'Where the run time goes (means):',
    renderTable(section.split),
    ...section.notes.map((line) => `  ${line}`),
  ];
  if (document.summary.warnings.length > 0) lines.push('', 'Warnings:', ...document.summary.warnings.map((w) => `  ${w}`));
  lines.push('', `results: ${section.source.dir}`);
  return lines.join('\n');
}
