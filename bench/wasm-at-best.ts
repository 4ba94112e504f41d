// Issue 14's goal, from measured runs: on each of the thesis's Table 18 columns, the best Wasm container
// beside Linux as deployed and Linux held to one thread; and the wasmtime shim's overhead against
// crun-wasmedge's on every workload. Pure: it reads summaries, it measures nothing.
//   node --import tsx bench/wasm-at-best.ts <results dir>...   (a reproduce folder, or compare folders)
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompare, type LoadedCompare } from '../src/report/load-results.js';
import type { CompareRecord } from '../src/results/compare-records.js';
import { renderMarkdownTable } from '../src/report/render-markdown.js';
import { baselineVariant, oneThreadVariant } from '../src/results/variants.js';
import type { Description } from '../src/stats/describe.js';
import type { Comparison } from '../src/stats/compare.js';

export interface Table18Row {
  column: string;
  workload: string;
  linux: Description | null;
  linuxOneThread: Description | null;
  /** the Wasm variant with the lowest run-time ratio to Linux as deployed */
  best: { variant: string; run: Description | null; vsLinux: Comparison; vsOneThread: Comparison | null; digestsEqual: boolean } | null;
  /** not measurably slower than Linux as deployed: the ratio's 95% interval reaches 1 or below */
  met: boolean | null;
  /** where the best variant's run time differs from Linux as deployed: its parts' means minus Linux's */
  gap: RunParts | null;
}

/** A run split in three, means over a variant's good samples (ms): the guest's compute (load + fit + predict),
 *  its own work around the compute inside its main (such as the digest of its output), and everything outside
 *  its main (the engine and the runtime: create, start, runtime start, module load or compile, exit). */
export interface RunParts {
  computeMs: number;
  aroundMs: number;
  outsideMs: number;
}

export interface OverheadRow {
  workload: string;
  /** run time minus the guest's compute (load + fit + predict), mean (ms): the reports' "overhead" */
  crunWasmedgeMs: number | null;
  /** run time minus the guest's whole main (its compute and its own work around it, such as the digest), mean (ms):
   *  what the engine and the runtime alone cost (start, compile or load, instantiate, exit) */
  crunWasmedgeOutsideMs: number | null;
  wasmtime: { variant: string; ms: number; outsideMs: number | null }[];
  /** the best wasmtime variant's overhead minus crun-wasmedge's (ms) */
  bestGapMs: number | null;
  met: boolean | null;
  /** the same, outside the guest */
  bestOutsideGapMs: number | null;
  metOutsideGuest: boolean | null;
}

export const overheadGoalMs = 50;

export function table18Row(results: LoadedCompare): Table18Row {
  const summary = results.document.summary;
  const variant = (name: string) => summary.variants.find((v) => v.name === name);
  const wasm = summary.comparisons
    .filter((c) => variant(c.variant)?.kind === 'wasm' && c.run !== null)
    .sort((a, b) => a.run!.ratio - b.run!.ratio)[0];
  const best = wasm
    ? {
        variant: wasm.variant,
        run: variant(wasm.variant)!.run,
        vsLinux: wasm.run!,
        vsOneThread: wasm.sameThreads?.run ?? null,
        digestsEqual: variant(wasm.variant)!.digest === summary.referenceDigest,
      }
    : null;
  return {
    column: results.thesisColumn ?? '-',
    workload: results.name.replace(/^\d+-/, ''),
    linux: variant(baselineVariant)?.run ?? null,
    linuxOneThread: variant(oneThreadVariant)?.run ?? null,
    best,
    met: best ? best.vsLinux.ratioCi95[0] <= 1 : null,
    gap: best ? partsGap(runParts(results.records, best.variant), runParts(results.records, baselineVariant)) : null,
  };
}

/** A variant's run in three parts, from the raw records; null without a good sample that reports its main. */
export function runParts(records: CompareRecord[], variant: string): RunParts | null {
  const samples = records.flatMap((r) =>
    r.type === 'run' && r.variant === variant && r.phase === 'sample' && r.outcome === 'ok' && r.totalMs !== null && r.guest?.main_ms !== undefined && r.guest.compute_ms !== undefined
      ? [{ total: r.totalMs, main: r.guest.main_ms, compute: r.guest.compute_ms }]
      : [],
  );
  if (samples.length === 0) return null;
  const mean = (part: (sample: (typeof samples)[number]) => number) => samples.reduce((sum, sample) => sum + part(sample), 0) / samples.length;
  return { computeMs: mean((x) => x.compute), aroundMs: mean((x) => x.main - x.compute), outsideMs: mean((x) => x.total - x.main) };
}

function partsGap(own: RunParts | null, linux: RunParts | null): RunParts | null {
  if (own === null || linux === null) return null;
  return { computeMs: own.computeMs - linux.computeMs, aroundMs: own.aroundMs - linux.aroundMs, outsideMs: own.outsideMs - linux.outsideMs };
}

const outsideGuestMs = (records: CompareRecord[], variant: string) => runParts(records, variant)?.outsideMs ?? null;

export function overheadRow(results: LoadedCompare): OverheadRow {
  const variants = results.document.summary.variants;
  const { records } = results;
  const crun = variants.find((v) => v.name === 'crun-wasmedge')?.overhead?.mean ?? null;
  const crunOutside = outsideGuestMs(records, 'crun-wasmedge');
  const wasmtime = variants
    .filter((v) => v.name.startsWith('io.containerd.wasmtime.v1') && v.overhead !== null)
    .map((v) => ({ variant: v.name, ms: v.overhead!.mean, outsideMs: outsideGuestMs(records, v.name) }));
  const gapOf = (own: (number | null)[], reference: number | null) => {
    const known = own.filter((value): value is number => value !== null);
    return reference !== null && known.length ? Math.min(...known) - reference : null;
  };
  const gap = gapOf(wasmtime.map((w) => w.ms), crun);
  const outsideGap = gapOf(wasmtime.map((w) => w.outsideMs), crunOutside);
  return {
    workload: results.name.replace(/^\d+-/, ''),
    crunWasmedgeMs: crun,
    crunWasmedgeOutsideMs: crunOutside,
    wasmtime,
    bestGapMs: gap,
    met: gap === null ? null : gap <= overheadGoalMs,
    bestOutsideGapMs: outsideGap,
    metOutsideGuest: outsideGap === null ? null : outsideGap <= overheadGoalMs,
  };
}

const seconds = (d: Description | null) =>
  d === null ? '-' : `${(d.mean / 1000).toFixed(3)}${d.ci95 ? ` [${(d.ci95[0] / 1000).toFixed(3)}, ${(d.ci95[1] / 1000).toFixed(3)}]` : ''}`;
const ratio = (c: Comparison | null) => (c === null ? '-' : `${c.ratio.toFixed(2)}x [${c.ratioCi95[0].toFixed(2)}, ${c.ratioCi95[1].toFixed(2)}] ${c.verdict}`);
const yesNo = (met: boolean | null) => (met === null ? '-' : met ? 'met' : 'not met');

export function renderWasmAtBest(runs: LoadedCompare[]): string {
  const rows = runs.map(table18Row);
  const overheads = runs.map(overheadRow);
  const table18 = renderMarkdownTable({
    head: ['Table 18 column', 'workload', 'Linux as deployed: run s [95% CI]', 'Linux, 1 thread: run s', 'best Wasm variant', 'its run s', 'vs Linux as deployed', 'vs Linux, 1 thread', 'digest = native', 'no slower than Linux', 'minus Linux ms: compute / around it / outside main'],
    rows: rows.map((r) => [
      r.column,
      r.workload,
      seconds(r.linux),
      seconds(r.linuxOneThread),
      r.best?.variant ?? '-',
      seconds(r.best?.run ?? null),
      ratio(r.best?.vsLinux ?? null),
      ratio(r.best?.vsOneThread ?? null),
      r.best ? (r.best.digestsEqual ? 'yes' : 'NO') : '-',
      yesNo(r.met),
      r.gap ? [r.gap.computeMs, r.gap.aroundMs, r.gap.outsideMs].map((value) => `${value >= 0 ? '+' : ''}${value.toFixed(0)}`).join(' / ') : '-',
    ]),
  });
  const ms = (value: number | null) => (value === null ? '-' : value.toFixed(0));
  const gap = (value: number | null, met: boolean | null) => (value === null ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(0)} ms: ${yesNo(met)}`);
  const overhead = renderMarkdownTable({
    head: ['workload', 'crun-wasmedge ms: overhead / outside the guest', 'wasmtime shim ms: overhead / outside the guest', `best wasmtime - crun-wasmedge, overhead (goal <= ${overheadGoalMs} ms)`, 'the same, outside the guest'],
    rows: overheads.map((o) => [
      o.workload,
      `${ms(o.crunWasmedgeMs)} / ${ms(o.crunWasmedgeOutsideMs)}`,
      o.wasmtime.map((w) => `${w.variant}: ${ms(w.ms)} / ${ms(w.outsideMs)}`).join('; ') || '-',
      gap(o.bestGapMs, o.met),
      gap(o.bestOutsideGapMs, o.metOutsideGuest),
    ]),
  });
  return [
    'Best Wasm container per Table 18 column (lowest run-time ratio to Linux as deployed; ratios of geometric means with Welch 95% intervals; "met" when the interval reaches 1 or below):',
    '',
    table18,
    '',
    "Overhead = run time minus the guest's compute (load + fit + predict); outside the guest = run time minus the guest's whole main (its compute and its own work around it, such as the digest of its output): the engine's and the runtime's cost alone. Means of the good samples:",
    '',
    overhead,
  ].join('\n');
}

/** A reproduce folder holds one results folder per workload; a compare folder is one. */
export function resultsFolders(given: string[]): string[] {
  return given.flatMap((dir) =>
    existsSync(join(dir, 'env.json'))
      ? [dir]
      : readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'env.json')))
          .map((entry) => join(dir, entry.name))
          .sort(),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folders = resultsFolders(process.argv.slice(2));
  if (folders.length === 0) {
    process.stderr.write('usage: node --import tsx bench/wasm-at-best.ts <results dir>... (a reproduce folder, or compare folders)\n');
    process.exit(2);
  }
  process.stdout.write(`${renderWasmAtBest(folders.map(loadCompare))}\n`);
}
