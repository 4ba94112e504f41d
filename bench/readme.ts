// bench/README.md, written from a bench results file (pure: results in, Markdown out).
import { intervalText, megabytes, ratio, seconds } from '../src/report/format.js';
import { renderMarkdownTable } from '../src/report/render-markdown.js';
import type { ModuleVariantTable } from './module-variants.js';
import type { OverheadRow } from './overhead.js';
import type { BuildSizeRow, RatioRow, ScalingTable } from './experiments.js';

export interface BenchResults {
  /** 2: ratios are ratios of geometric means; 1 (older files): ratios of means beside the geometric-mean interval */
  schema: 1 | 2;
  date: string;
  mode: 'quick' | 'full';
  command: string;
  durationSeconds: number;
  environment: { engine: string; host: string; runtimes: string[]; base: string };
  overhead: OverheadRow[];
  scaling: ScalingTable[];
  ratios: RatioRow[];
  buildSize: BuildSizeRow[];
  moduleVariants: ModuleVariantTable[];
  goals: { goal: string; met: boolean | null; detail: string }[];
}

const s = (ms: number | null | undefined) => seconds(ms);
const x = (r: number | null | undefined, digits = 2) => ratio(r, digits);
const ci = (c: [number, number] | null | undefined) => (c == null ? '' : ` ${intervalText(c, (v) => v.toFixed(2))}`);
const mb = (b: number | null | undefined) => megabytes(b);
const table = (head: string[], rows: string[][]) => renderMarkdownTable({ head, rows });

export function renderBenchReadme(results: BenchResults, previous: string | undefined): string {
  const lines: string[] = [
    '# Benchmarks of dockerwasm and its workloads',
    '',
    `Figures from \`${results.command}\` on ${results.date} (${results.mode} mode, ${Math.round(results.durationSeconds / 60)} min), kept in`,
    results.mode === 'quick' ? '[`bench-quick.json`](bench-quick.json) beside this file. Re-run with `npm run bench` (about an hour) or' : `[\`results/${results.date}.json\`](results/). Re-run with \`npm run bench\` (about an hour) or`,
    '`npm run bench -- --quick` (a few minutes). Every experiment below went through the same code as `dockerwasm compare`;',
    "but the results file holds summaries only: its raw runs are not kept, so its figures cannot be recomputed from samples",
    '(the headline and the steps over it are ordinary, committed results directories: see results/FINDINGS.md).',
    'definitions of each figure are in the README and in every results directory\'s `summary.md`.',
    '',
    `Engine: ${results.environment.engine}. Host: ${results.environment.host}. Linux base: ${results.environment.base}.`,
    `Runtimes: ${results.environment.runtimes.join(', ')}.`,
    '',
    '## Goals',
    '',
    table(['goal', 'met?', 'by how much'], results.goals.map((g) => [g.goal, g.met === null ? 'not measured' : g.met ? 'met' : 'not met', g.detail])),
    '',
    '## Harness overhead: dockerwasm vs `docker run --rm`',
    '',
    'A no-op container (a 456-byte static binary; a 148-byte WASI module) run by dockerwasm\'s sampler and by the docker CLI',
    '(`hyperfine`), same image, same runtime, `--network none`, in one session. "sample" is dockerwasm\'s whole cost per sample',
    '(create, start, wait, logs, remove); "run" is the figure it reports (create to exit).',
    '',
    table(
      ['runtime', 'dockerwasm run ms', 'dockerwasm sample ms', '`docker run --rm` ms (hyperfine)', 'sample / docker run'],
      results.overhead.map((o) => [o.runtime, o.runMs.mean.toFixed(1), o.sampleMs.mean.toFixed(1), `${o.dockerRunMs.mean.toFixed(1)} ± ${(o.dockerRunMs.sd ?? 0).toFixed(1)}`, x(o.ratio, 3)]),
    ),
    '',
    `Commands: ${[...new Set(results.overhead.map((o) => `\`hyperfine '${o.command}'\``))].join('; ')}.`,
    '',
    '## Scaling with the workload size',
    '',
  ];
  for (const t of results.scaling) {
    lines.push(`### ${t.algorithm} (${t.sizeName})`, '');
    lines.push(
      table(
        ['variant', ...t.sizes.map((n) => `run s @ ${n.toLocaleString('en-US')}`), 'run x per doubling', ...t.sizes.map((n) => `compute s @ ${n.toLocaleString('en-US')}`), 'compute x per doubling'],
        t.series.map((row) => [row.variant, ...row.runMs.map((v) => s(v)), x(row.runPerDoubling), ...row.computeMs.map((v) => s(v)), x(row.computePerDoubling)]),
      ),
      '',
    );
  }
  lines.push('## Wasm/native ratios, beside the thesis', '');
  lines.push(
    results.schema === 1
      ? 'Ratios of means with the 95% interval of the geometric-mean ratio (Welch on log times): this file was written before the bench used one estimator (its schema 1). The thesis gives run-time ratios only (Table 18).'
      : 'Ratios of geometric means with their 95% interval (Welch on log times), as in every report. The thesis gives run-time ratios only (Table 18).',
    '',
  );
  lines.push(
    table(
      ['workload', 'Wasm runtime', 'guest compute Wasm/native', 'container run time Wasm/Linux', 'thesis run time Wasm/Docker'],
      results.ratios.map((r) => [r.workload, r.variant, `${x(r.computeRatio)}${ci(r.computeRatioCi95)}`, `${x(r.runRatio)}${ci(r.runRatioCi95)}`, x(r.thesisRunRatio)]),
    ),
    '',
  );
  lines.push('## Build time and image size', '', 'Thesis: Wasm/Docker build time 0.18-0.34, image size 0.43-0.75.', '');
  lines.push(
    table(
      ['workload', 'image', 'cold build s', 'warm build s', 'content MB', 'unpacked MB', 'build vs Linux', 'content vs Linux', 'unpacked vs Linux'],
      results.buildSize.map((b) => [b.workload, b.image, s(b.coldBuildMs), s(b.warmBuildMs), mb(b.contentBytes), mb(b.uncompressedBytes), x(b.buildRatio), x(b.contentRatio), x(b.uncompressedRatio)]),
    ),
    '',
  );
  lines.push('## Making the Wasm side fast, measured', '', 'Guest compute measured by the guest itself (median of several runs): standalone for the native binary and WasmEdge AOT, in Docker under the wasmtime shim (Cranelift). A change counts only when its digest equals the native one.', '');
  for (const t of results.moduleVariants) {
    const oneThread = t.nativeOneThreadComputeMs === undefined ? '' : `; on one thread (RAYON_NUM_THREADS=1) ${s(t.nativeOneThreadComputeMs)} s`;
    lines.push(`### ${t.workload} (native compute ${s(t.nativeComputeMs)} s${oneThread})`, '');
    lines.push(
      table(
        ['module', 'bytes', 'WasmEdge compute s (AOT -O3 unless stated)', 'vs native', 'wasmtime shim compute s', 'vs native', 'same digest', 'note'],
        t.rows.map((r) => [
          r.variant,
          r.bytes.toLocaleString('en-US'),
          s(r.computeMs),
          x(r.computeMs === null ? null : r.computeMs / t.nativeComputeMs),
          s(r.wasmtimeComputeMs ?? null),
          x(r.wasmtimeComputeMs == null ? null : r.wasmtimeComputeMs / t.nativeComputeMs),
          r.digestMatches === null ? '-' : r.digestMatches ? 'yes' : 'NO',
          r.note,
        ]),
      ),
      '',
    );
  }
  if (previous) lines.push(previous.trim(), '');
  return lines.join('\n');
}
