// The report as Markdown: report.md (with PNG charts beside it under charts/) and summary.md (the same,
// without charts), for every kind of run. Each block is followed by one blank line.
import { withoutCharts, type Block, type ReportContent } from './model.js';
import type { TableData, TitledTable } from './table-data.js';

export function renderMarkdownTable(table: TableData): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${table.head.map(escape).join(' | ')} |`,
    `|${table.head.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function blockLines(block: Block, chartFolder: string): string[] {
  switch (block.kind) {
    case 'heading':
      return [`### ${block.text}`];
    case 'paragraph':
      return [block.text];
    case 'table':
      return [renderMarkdownTable(block.table)];
    case 'list':
      return block.items.map((item) => `- ${item}`);
    case 'figures':
      return block.figures.flatMap((f) => [`![${f.alt}](${chartFolder}/${f.chart.file}.png)`, ...(f.caption === undefined ? [] : ['', `*${f.caption}*`])]);
  }
}

export function renderMarkdown(content: ReportContent, options: { charts?: boolean } = {}): string {
  const shown = options.charts === false ? withoutCharts(content) : content;
  const lines = [`# ${shown.title}`, ''];
  for (const section of shown.sections) {
    if (section.heading !== undefined) lines.push(`## ${section.heading}`, '');
    for (const block of section.blocks) lines.push(...blockLines(block, 'charts'), '');
  }
  return lines.join('\n');
}

/** reproduce.md: the thesis's tables beside ours, after a line saying what was measured. */
export function renderThesisMarkdown(title: string, intro: string, tables: TitledTable[]): string {
  return [`# ${title}`, '', intro, '', ...tables.flatMap((t) => [`## ${t.title}`, '', renderMarkdownTable(t), ''])].join('\n');
}
