// The report for the terminal, for every kind of run: its results sections (tables drawn with cli-table3,
// sentences indented) and its warnings; the charts, method and environment stay in the files.
import Table from 'cli-table3';
import type { Block, ReportContent } from './model.js';
import type { TableData } from './table-data.js';

export function renderTable(data: TableData): string {
  const table = new Table({ head: data.head, style: { head: [], border: [] }, wordWrap: true });
  for (const row of data.rows) table.push(row);
  return table.toString();
}

const plain = (text: string) => text.replace(/\*\*(.+?)\*\*/g, '$1');

function blockText(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return ['', `${plain(block.text)}:`];
    case 'paragraph':
      return [plain(block.text)];
    case 'table':
      return [renderTable(block.table)];
    case 'list':
      return block.items.map((item) => `  ${plain(item)}`);
    case 'figures':
      return [];
  }
}

/** `roles`: the sections shown (the results by default; reproduce adds the thesis's tables) */
export function renderTerminal(content: ReportContent, roles: readonly string[] = ['results']): string {
  const lines: string[] = [];
  for (const section of content.sections.filter((s) => roles.includes(s.role) || s.role === 'warnings')) {
    if (section.heading !== undefined) lines.push(section.role === 'warnings' ? '\nWarnings:' : plain(section.heading));
    lines.push(...section.blocks.flatMap(blockText));
  }
  return lines.join('\n');
}
