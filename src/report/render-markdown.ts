// The report as Markdown: report.md (with PNG charts beside it) and summary.md (the same, no charts).
import { definitions } from '../results/definitions.js';
import { thesisSetting } from '../thesis/figures.js';
import type { ReportContent, TitledTable } from './content.js';
import { renderMarkdownTable } from './tables.js';

export function renderMarkdown(content: ReportContent, options: { chartFolder?: string; charts?: boolean } = {}): string {
  const chartFolder = options.chartFolder ?? 'charts';
  const lines = [`# ${content.title}`, ''];
  for (const section of content.sections) {
    const r = section.source;
    lines.push(`## Results: ${r.env.label} (${r.name})`, '');
    if (!r.document.complete) lines.push('**This run did not finish**: the figures cover the samples it measured.', '');
    lines.push(renderMarkdownTable(section.main), '', '### Where the run time goes', '', renderMarkdownTable(section.split), '');
    lines.push(...section.notes.map((l) => `- ${l}`), '');
  }
  if (options.charts !== false) {
    lines.push('## Charts', '');
    for (const chart of content.charts) lines.push(`![${chart.title}](${chartFolder}/${chart.file}.png)`, '', `*${chart.title}*`, '');
  }
  if (content.thesis.length) {
    lines.push('## Beside the thesis', '', `${thesisSetting}. Ours: this machine, means; sizes are content bytes.`, '');
    for (const table of content.thesis) lines.push(`### ${table.title}`, '', renderMarkdownTable(table), '');
  }
  if (content.warnings.length) lines.push('## Warnings', '', ...content.warnings.map((w) => `- ${w}`), '');
  lines.push('## Method', '', ...Object.entries(definitions).map(([k, v]) => `- **${k}**: ${v}`), '', '## Environment', '');
  for (const section of content.sections) lines.push(`### ${section.source.name}`, '', ...section.environment.map((l) => `- ${l}`), '');
  return lines.join('\n');
}

/** reproduce.md: the thesis's tables beside ours, after a line saying what was measured. */
export function renderThesisMarkdown(title: string, intro: string, tables: TitledTable[]): string {
  return [`# ${title}`, '', intro, '', ...tables.flatMap((t) => [`## ${t.title}`, '', renderMarkdownTable(t), ''])].join('\n');
}
