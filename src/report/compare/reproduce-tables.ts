// Tables 16, 17 and 18 of the thesis with our figures beside them (pure). Columns are the thesis's
// workloads, then any other workload of the spec (a user's program: no thesis figure); rows are the thesis's
// Docker and Wasm figures and their ratio, then ours: run time per runtime (Table 18), build time and size
// per image (Tables 16, 17), each Wasm row with its Wasm/Linux ratio.
import type { SummaryDocument } from '../../results/summaries.js';
import { baselineVariant } from '../../results/variants.js';
import { thesisColumns, thesisTables, type ThesisColumn } from '../../thesis/figures.js';
import type { TableData } from '../table-data.js';

export interface ReproducedWorkload {
  /** the thesis's column it reproduces; null for a workload the thesis did not measure */
  column: ThesisColumn | null;
  label: string;
  document: SummaryDocument;
}

type Metric = 'build' | 'size' | 'run';

const fixed = (value: number | null | undefined, digits: number) => (value == null ? '-' : value.toFixed(digits));

function runSeconds(document: SummaryDocument, variant: string): number | null {
  const run = document.summary.variants.find((v) => v.name === variant)?.run;
  return run ? run.mean / 1000 : null;
}

function imageFigure(document: SummaryDocument, image: string, metric: 'build' | 'size'): number | null {
  const summary = document.summary.images.find((i) => i.image === image);
  if (metric === 'build') return summary?.build ? summary.build.mean / 1000 : null;
  return summary?.contentBytes != null ? summary.contentBytes / 1e6 : null;
}

export function reproduceTable(metric: Metric, workloads: ReproducedWorkload[]): TableData & { title: string } {
  const spec = thesisTables[metric];
  const thesis = thesisColumns.flatMap((c) => workloads.filter((w) => w.column === c).slice(0, 1));
  const shown = [...thesis, ...workloads.filter((w) => w.column === null)];
  const documents = shown.map((w) => w.document);
  const digits = metric === 'size' ? 2 : 3;
  const figure = (w: ReproducedWorkload, value: (f: { docker: number; wasm: number }) => number, digits: number) => (w.column === null ? '-' : fixed(value(spec.figures[w.column]), digits));
  const rows: string[][] = [
    ['thesis: Docker', ...shown.map((w) => figure(w, (f) => f.docker, 4))],
    ['thesis: Wasm', ...shown.map((w) => figure(w, (f) => f.wasm, 4))],
    ['thesis: Wasm / Docker', ...shown.map((w) => figure(w, (f) => f.wasm / f.docker, 2))],
  ];
  const series = (label: string, figure: (document: SummaryDocument) => number | null, baseline?: (document: SummaryDocument) => number | null) => {
    rows.push([label, ...documents.map((d) => fixed(figure(d), digits))]);
    if (baseline) {
      rows.push([
        '  Wasm / Linux',
        ...documents.map((d) => {
          const a = figure(d);
          const b = baseline(d);
          return a !== null && b !== null && b !== 0 ? fixed(a / b, 2) : '-';
        }),
      ]);
    }
  };
  const wasmVariants = [...new Set(documents.flatMap((d) => d.summary.variants.filter((v) => v.kind === 'wasm')))];
  if (metric === 'run') {
    const linux = (d: SummaryDocument) => runSeconds(d, baselineVariant);
    series(`ours: Linux (${baselineVariant})`, linux);
    for (const name of new Set(wasmVariants.map((v) => v.name))) series(`ours: Wasm (${name})`, (d) => runSeconds(d, name), linux);
  } else {
    const linux = (d: SummaryDocument) => imageFigure(d, 'linux', metric);
    series('ours: Linux image', linux);
    for (const image of new Set(wasmVariants.map((v) => v.image))) {
      const users = [...new Set(wasmVariants.filter((v) => v.image === image).map((v) => v.name))].join(', ');
      series(`ours: Wasm ${image} image (${users})`, (d) => imageFigure(d, image, metric), linux);
    }
  }
  return { title: `Table ${spec.table}: ${spec.title} (${spec.unit})`, head: ['', ...shown.map((w) => w.column ?? w.label)], rows };
}

/** Tables 16, 17 and 18, in that order. */
export function reproduceTables(workloads: ReproducedWorkload[]): (TableData & { title: string })[] {
  return (['build', 'size', 'run'] as const).map((metric) => reproduceTable(metric, workloads));
}
