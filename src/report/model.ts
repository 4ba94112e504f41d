// What a report says, described once for every kind of run: a title, then sections of blocks (headings,
// sentences, tables, lists, figures), each section with a role, so that every format draws the same
// content (render-*.ts) and a terminal shows only the results. Inline text may hold **bold** and `code`.
import type { TableData } from './table-data.js';

export interface Chart {
  /** its file under charts/, without the extension */
  file: string;
  title: string;
  svg: string;
}

export interface Figure {
  chart: Chart;
  /** Markdown's alternative text */
  alt: string;
  /** a caption under it (Markdown: a line in italics) */
  caption?: string;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'incomplete' }
  | { kind: 'table'; table: TableData }
  | { kind: 'list'; items: string[]; tone?: 'warning' }
  | { kind: 'figures'; figures: Figure[] };

/** results: what a terminal shows; charts: left out where no charts are drawn (summary.md) */
export type SectionRole = 'results' | 'charts' | 'thesis' | 'warnings' | 'method' | 'environment' | 'notes';

export interface Section {
  role: SectionRole;
  /** the section's heading; none: its blocks follow the title */
  heading?: string;
  /** an anchor for links into the HTML report */
  id?: string;
  blocks: Block[];
}

export interface ReportContent {
  title: string;
  sections: Section[];
}

/** Every chart the content shows, each once. */
export function chartsIn(content: ReportContent): Chart[] {
  const charts = content.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'figures' ? b.figures.map((f) => f.chart) : [])));
  return [...new Map(charts.map((chart) => [chart.file, chart])).values()];
}

/** The content without its charts section (summary.md, the terminal). */
export const withoutCharts = (content: ReportContent): ReportContent => ({ ...content, sections: content.sections.filter((s) => s.role !== 'charts') });
