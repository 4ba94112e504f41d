// The report as one self-contained HTML file: inline SVG charts, inline CSS, no script, no network.
import { definitions } from '../results/definitions.js';
import { thesisSetting } from '../thesis/figures.js';
import type { ReportContent } from './content.js';
import type { TableData } from './tables.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function htmlTable(table: TableData): string {
  const head = table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const css = `body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.86rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#f3f3f3}figure{margin:1.2rem 0}figcaption{font-size:.85rem;color:#555}.warn{color:#8a4b00}
dl dt{font-weight:bold}dl dd{margin:0 0 .6rem 1rem}.incomplete{background:#fff3cd;padding:.4rem .6rem}`;

export function renderHtml(content: ReportContent): string {
  const parts = [`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.title)}</title><style>${css}</style></head><body>`];
  parts.push(`<h1>${escapeHtml(content.title)}</h1>`);
  parts.push('<p>Is a Wasm container better than a Linux container for this workload? Each figure below is defined under <a href="#method">Method</a>; the raw samples are in each results directory\'s <code>samples.jsonl</code>.</p>');
  for (const section of content.sections) {
    const r = section.source;
    parts.push(`<h2>Results: ${escapeHtml(r.env.label)} <small>(${escapeHtml(r.name)})</small></h2>`);
    if (!r.document.complete) parts.push('<p class="incomplete">This run did not finish: the figures cover the samples it measured.</p>');
    parts.push(htmlTable(section.main));
    parts.push('<h3>Where the run time goes</h3>', htmlTable(section.split));
    if (section.notes.length) parts.push(`<ul>${section.notes.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  }
  parts.push('<h2>Charts</h2>');
  for (const chart of content.charts) parts.push(`<figure id="chart-${chart.file}">${chart.svg}<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`);
  if (content.thesis.length) {
    parts.push(`<h2>Beside the thesis</h2><p>${escapeHtml(thesisSetting)}. Ours: this machine, means; sizes are content bytes.</p>`);
    for (const table of content.thesis) parts.push(`<h3>${escapeHtml(table.title)}</h3>`, htmlTable(table));
  }
  if (content.warnings.length) parts.push('<h2>Warnings</h2><ul>', ...content.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`), '</ul>');
  parts.push('<h2 id="method">Method</h2><dl>', ...Object.entries(definitions).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`), '</dl>');
  parts.push('<h2>Environment</h2>');
  for (const section of content.sections) parts.push(`<h3>${escapeHtml(section.source.name)}</h3><ul>${section.environment.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  parts.push('</body></html>');
  return parts.join('\n');
}

