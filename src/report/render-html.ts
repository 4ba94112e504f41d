// The report as one self-contained HTML file, for every kind of run: inline SVG charts, inline CSS, no
// script, no network.
import type { Block, ReportContent } from './model.js';
import type { TableData } from './table-data.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The content's inline markup: **bold** and `code`. */
const inline = (text: string) =>
  escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');

function htmlTable(table: TableData): string {
  const head = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h3>${inline(block.text)}</h3>`;
    case 'paragraph':
      return `<p${block.tone ? ` class="${block.tone}"` : ''}>${inline(block.text)}</p>`;
    case 'table':
      return htmlTable(block.table);
    case 'list':
      return `<ul>${block.items.map((item) => `<li${block.tone === 'warning' ? ' class="warn"' : ''}>${inline(item)}</li>`).join('')}</ul>`;
    case 'figures':
      return block.figures.map((f) => `<figure id="chart-${f.chart.file}">${f.chart.svg}<figcaption>${escapeHtml(f.caption ?? f.chart.title)}</figcaption></figure>`).join('\n');
  }
}

const css = `body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.86rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#f3f3f3}figure{margin:1.2rem 0}figcaption{font-size:.85rem;color:#555}.warn{color:#8a4b00}
code{font-size:.9em}.incomplete{background:#fff3cd;padding:.4rem .6rem}`;

export function renderHtml(content: ReportContent): string {
  const parts = [`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.title)}</title><style>${css}</style></head><body>`];
  parts.push(`<h1>${escapeHtml(content.title)}</h1>`);
  parts.push('<p>Each figure below is defined under <a href="#method">Method</a>; the raw samples are in each results directory\'s <code>samples.jsonl</code>.</p>');
  for (const section of content.sections) {
    if (section.heading !== undefined) parts.push(`<h2${section.id ? ` id="${section.id}"` : ''}>${inline(section.heading)}</h2>`);
    parts.push(...section.blocks.map(blockHtml));
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
