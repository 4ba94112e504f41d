// The headline and the findings page's first sections (pure: loaded runs in, Markdown out): the stock stack's
// answer to the declared question, per workload and runtime, then each change of "at its best" as a step
// of its own over the stock run, the inline threshold's sensitivity, and density. Every figure comes from a
// committed results directory named beside it; every table names its host.
import type { DeclaredQuestion } from '../src/config/experiment-spec.js';
import { answerQuestions, answerRatio, answerVerdict, pText, type DeclaredAnswer } from '../src/report/compare/declared-questions.js';
import { cacheText, ratio } from '../src/report/format.js';
import type { LoadedCompare, LoadedDensity } from '../src/report/load-results.js';
import type { DensityRow } from '../src/results/summaries.js';
import { renderMarkdownTable } from '../src/report/render-markdown.js';
import type { Comparison } from '../src/stats/compare.js';
import type { MeasuredWorkload } from '../src/report/reproduce-folder.js';
import { workloadLabel } from '../src/workloads/workload.js';
import { engineLine, renderEngineFindings, type EngineInputs } from './engines.js';

/** A committed reproduce folder: its spec's name and questions, and its measured workloads. */
export interface ReproduceRun {
  folder: string;
  name: string;
  questions: DeclaredQuestion[];
  seed: number | undefined;
  samples: number;
  workloads: MeasuredWorkload[];
}

export interface HeadlineInputs {
  stock: ReproduceRun;
  /** stock-stack density runs, one per workload */
  density: { folder: string; results: LoadedDensity }[];
  /** each change made "at its best", measured apart over the stock stack */
  steps: { step: string; change: string; run: ReproduceRun }[];
  /** the inline-threshold sensitivity runs (K-Means), the stock run's column being the default */
  inline: { threshold: string; run: ReproduceRun }[];
  /** thresholds of the sweep with no committed run yet, and the spec that runs each */
  inlineNotRun: { threshold: string; spec: string }[];
  /** the stock spec on Docker 28 and the start-up on both engines (absent: not run) */
  engines?: EngineInputs;
}

export const headlineStart = '<!-- headline: rendered by `npm run findings` from results/sample/stock-headline and results/sample/stock-density; do not edit by hand -->';
export const headlineEnd = '<!-- /headline -->';

const x = (c: Comparison | null | undefined) => (c ? `${ratio(c.ratio)} [${c.ratioCi95[0].toFixed(2)}, ${c.ratioCi95[1].toFixed(2)}]` : '-');
const signed = (ms: number) => `${ms >= 0 ? '+' : '-'}${(Math.abs(ms) / 1000).toFixed(2)} s`;
/** a link from the project's root; the findings page rewrites them for its own folder */
export const link = (folder: string, file = 'reproduce.md') => `[\`${folder}\`](${folder}/${file})`;
const table = (head: string[], rows: string[][]) => renderMarkdownTable({ head, rows });
export const shortName = (variant: string) => variant.replace('io.containerd.', '').replace('.v1', ' shim');

/** "2 vCPU AMD EPYC, L1d 48 KiB, ..." of one results directory's env.json: the machine without its engine */
export function machineText(env: LoadedCompare['env'] | LoadedDensity['env']): string {
  return `${env.host.cpus} vCPU ${env.host.cpuModel}${cacheText(env.host.caches)}`;
}

/** "2 vCPU AMD EPYC, L1d 48 KiB, ..., Docker 26.1.5" of one results directory's env.json */
export function hostText(env: LoadedCompare['env'] | LoadedDensity['env']): string {
  return `${machineText(env)}, Docker ${String((env.engine as { serverVersion?: string }).serverVersion ?? '?')}`;
}

/** the host of a run's first workload */
export function hostOf(run: ReproduceRun | { results: LoadedCompare | LoadedDensity }[]): string {
  const first = 'workloads' in run ? run.workloads[0]?.results : run[0]?.results;
  return first ? hostText(first.env) : 'no host';
}

export const answersOf = (run: ReproduceRun): DeclaredAnswer[] =>
  answerQuestions(
    run.questions,
    run.workloads.map((w) => ({ label: workloadLabel(w.results.document.workload), document: w.results.document })),
  );

const verdictText = (answer: DeclaredAnswer | undefined, margin: number) => (answer ? answerVerdict(answer, margin) : '-');

/** The compilers of a run's artifacts, as env.json recorded them ("rustc 1.85.1 for every artifact") */
function toolchainOf(results: LoadedCompare): string {
  const rustc = results.env.guest.inputs['rustc'];
  const mixed = results.env.mixedToolchains;
  return mixed ? `mixed, as asked: ${mixed}` : `${String(rustc ?? '?').split(' (')[0]} for every artifact`;
}

/** Wasm / Linux of a density figure at the run's highest concurrency, for the workload's density run */
function densityRatio(inputs: HeadlineInputs, algorithm: string, variant: string, figure: (row: DensityRow) => number | null): string {
  const run = inputs.density.find((d) => (d.results.env.settings['workload'] as { algorithm?: string } | undefined)?.algorithm === algorithm);
  if (!run) return '-';
  const top = Math.max(...run.results.summary.rows.map((r) => r.concurrency));
  const at = (name: string) => {
    const row = run.results.summary.rows.find((r) => r.variant === name && r.concurrency === top);
    return row ? figure(row) : null;
  };
  const own = at(variant);
  const linux = at('runc');
  return own === null || linux === null || linux === 0 ? '-' : ratio(own / linux);
}

const throughput = (row: DensityRow) => row.throughput?.mean ?? null;
/** memory a live container costs: its cgroup and the shim started for it */
const memoryPerContainer = (row: DensityRow) => (row.containerBytes === null && row.shimBytes === null ? null : (row.containerBytes ?? 0) + (row.shimBytes ?? 0));

/** The README's one table: the stock stack, per workload and Wasm runtime, Wasm / Linux. */
export function renderHeadline(inputs: HeadlineInputs): string {
  const { stock } = inputs;
  const question = stock.questions[0];
  const answers = answersOf(stock);
  const rows = stock.workloads.flatMap(({ thesis, results }) => {
    const { document } = results;
    const label = workloadLabel(document.workload);
    const linux = document.summary.variants.find((v) => v.name === 'runc');
    return document.summary.comparisons.map((c) => {
      const answer = answers.find((a) => a.workload === label && a.variant === c.variant);
      return [
        `${thesis ?? label} (${label}; Linux ${((linux?.run?.mean ?? 0) / 1000).toFixed(2)} s)`,
        shortName(c.variant),
        x(c.run),
        verdictText(answer, question?.margin ?? 0.05),
        c.overhead ? signed(c.overhead.difference) : '-',
        ratio(c.contentSizeRatio),
        x(c.build),
        densityRatio(inputs, document.workload.algorithm, c.variant, memoryPerContainer),
        densityRatio(inputs, document.workload.algorithm, c.variant, throughput),
      ];
    });
  });
  const first = stock.workloads[0]!.results;
  const densityNote = inputs.density.length
    ? `Memory per container (its cgroup and the shim started for it) and density (containers/s) come from \`dockerwasm density\` with ${Math.max(...inputs.density[0]!.results.summary.rows.map((r) => r.concurrency))} containers alive at once, on smaller inputs (${inputs.density.map((d) => `[${d.results.env.label}](${d.folder}/report.md)`).join(', ')}), the same host and stack.`
    : 'Density: not measured on the stock stack.';
  return [
    headlineStart,
    `**The stock stack** (${toolchainOf(first)}, LLVM's default inlining, each module as the compiler wrote it, the runtimes as shipped),`,
    `measured by \`dockerwasm reproduce\` (${stock.samples} samples a variant, interleaved, seed ${stock.seed ?? '?'}, ${first.env.createdAt.slice(0, 10)}) on ${hostOf(stock)}, Linux base ${first.env.base.reference}: ${link(stock.folder)}.`,
    `Each cell is Wasm / Linux (below 1: Wasm is better) with its 95% interval. The verdict answers the question declared in the spec before`,
    `measuring ("${question?.question ?? '-'}"): Welch on log times for a difference, TOST for "the same within ±${Math.round((question?.margin ?? 0.05) * 100)}%", Holm over the ${question?.variants.length ?? 0} runtimes.`,
    '',
    table(['workload', 'runtime', 'run time', 'verdict', 'start-up (overhead, Wasm - Linux)', 'image size', 'warm build', 'memory per container', 'density (containers/s)'], rows),
    '',
    `Start-up is run time minus the program's own compute (create, start, module load and compile, exit). ${densityNote}`,
    'What each change we made buys (threads, the inline threshold, a precompiled module), each measured on its own over this',
    'stock stack, and everything else we found: [results/FINDINGS.md](results/FINDINGS.md).',
    ...(inputs.engines ? ['', engineLine(stock, inputs.engines)] : []),
    headlineEnd,
  ].join('\n');
}

/** The findings page's sections on the stock stack, the steps, the inline threshold and density. */
export function renderHeadlineFindings(inputs: HeadlineInputs): string[] {
  const { stock } = inputs;
  const stockAnswers = answersOf(stock);
  const lines: string[] = [
    '## Is a Wasm container better than a Linux one, on the stock stack?',
    '',
    `${link(stock.folder)}: \`dockerwasm reproduce\` (the built-in spec), ${stock.samples} samples a variant, seed ${stock.seed ?? '?'}, on ${hostOf(stock)};`,
    `${toolchainOf(stock.workloads[0]!.results)}; LLVM's default inlining; the runtimes as shipped. The question and the margin were in the spec before the run.`,
    '',
    table(
      ['workload', 'runtime', 'samples', 'run time, Wasm / Linux', 'p different (Holm)', 'p within margin (TOST, Holm)', 'verdict', 'guest compute, Wasm / native'],
      stockAnswers.map((a) => {
        const document = stock.workloads.find((w) => workloadLabel(w.results.document.workload) === a.workload)!.results.document;
        const c = document.summary.comparisons.find((v) => v.variant === a.variant);
        return [
          a.workload,
          shortName(a.variant),
          `${a.samples[0]} / ${a.samples[1]}`,
          answerRatio(a),
          a.test ? pText(a.test.differencePHolm) : '-',
          a.test ? pText(a.test.equivalencePHolm) : '-',
          verdictText(a, stock.questions[0]?.margin ?? 0.05),
          x(c?.compute),
        ];
      }),
    ),
    '',
    '## At its best: what each change buys, measured apart',
    '',
    'Each change we made is a run of its own on the same host, with its question declared in its spec; its rows sit beside the',
    "stock run's figure for the same runtime and workload. A step that needs a second compiler (rustup's rustc for",
    'wasm32-wasip1-threads) says so: its Wasm / Linux ratio measures the compiler as well as the target.',
    '',
    table(
      ['step', 'what changed', 'run', 'host', 'workload', 'variant', 'run time, Wasm / Linux', 'verdict', 'stock, same runtime'],
      inputs.steps.flatMap(({ step, change, run }) => {
        const answers = answersOf(run);
        return answers.map((a) => {
          const base = a.variant.split('+')[0]!;
          const stockAnswer = stockAnswers.find((s) => s.workload === a.workload && s.variant === base);
          return [
            step,
            `${change}${run.workloads[0]?.results.env.mixedToolchains ? ` (mixed toolchains: ${run.workloads[0].results.env.mixedToolchains})` : ''}`,
            link(run.folder),
            hostOf(run),
            a.workload,
            shortName(a.variant),
            answerRatio(a),
            verdictText(a, run.questions[0]?.margin ?? 0.05),
            stockAnswer?.ratio != null ? `${ratio(stockAnswer.ratio)} (${verdictText(stockAnswer, stock.questions[0]?.margin ?? 0.05)})` : '-',
          ];
        });
      }),
    ),
    '',
    'Two changes are not measured again here: the AOT target of the threaded module (generic x86-64 against tuned to the host;',
    'earlier Xeon runs, `results/sample/table18-kmeans-aot-*`, below) and the OCI Wasm image (its cache gives the wasmtime shim',
    "a module compiled once; the bench's `bench/results/*-oci-wasm-*.json` hold medians only, below). The precompiled-module step",
    'stands in for the OCI cache: it is the same compiled module, placed in the image by us instead of cached by the shim.',
    '',
    '## How much does it depend on the inline threshold?',
    '',
    "K-Means (the workload `-C llvm-args=-inline-threshold=1000` was tuned on) at each threshold, native and Wasm built alike, each",
    'row one interleaved run of every variant on the same host; "default" is the stock run.',
    '',
    table(
      ['inline threshold', 'run', 'samples', 'Linux run time', 'crun-wasmedge', 'wasmtime shim', 'wasmedge shim'],
      inputs.inline.map(({ threshold, run }) => {
        const kmeans = run.workloads.find((w) => w.results.document.workload.algorithm === 'kmeans')?.results.document;
        const c = (variant: string) => x(kmeans?.summary.comparisons.find((v) => v.variant === variant)?.run);
        const linux = kmeans?.summary.variants.find((v) => v.name === 'runc')?.run?.mean;
        return [threshold, link(run.folder), String(run.samples), linux === undefined ? '-' : `${(linux / 1000).toFixed(2)} s`, c('crun-wasmedge'), c('io.containerd.wasmtime.v1'), c('io.containerd.wasmedge.v1')];
      }),
    ),
    ...(inputs.inlineNotRun.length === 0
      ? []
      : ['', `Not measured yet: ${inputs.inlineNotRun.map((n) => `${n.threshold} (\`dockerwasm reproduce --config ${n.spec}\`)`).join(', ')}.`]),
    '',
  ];
  if (inputs.engines) lines.push(...renderEngineFindings(inputs.engines));
  if (inputs.density.length > 0) {
    lines.push(
      '## How many containers a second?',
      '',
      `\`dockerwasm density\` on the stock stack, on ${hostOf(inputs.density)}: containers/s (mean over the rounds, 95% interval) and create-to-exit latency p50 / p99.`,
      '',
      table(
        ['run', 'runtime', 'alive at once', 'containers/s', 'latency p50 / p99', 'memory per container (cgroup + shim)'],
        inputs.density.flatMap(({ folder, results }) =>
          results.summary.rows.map((r) => [
            `[\`${results.env.label}\`](${folder}/report.md)`,
            shortName(r.variant),
            String(r.concurrency),
            r.throughput ? `${r.throughput.mean.toFixed(2)}${r.throughput.ci95 ? ` [${r.throughput.ci95[0].toFixed(2)}, ${r.throughput.ci95[1].toFixed(2)}]` : ''}` : '-',
            r.latencyMs ? `${(r.latencyMs.p50 / 1000).toFixed(2)} / ${(r.latencyMs.p99 / 1000).toFixed(2)} s` : '-',
            r.containerBytes === null && r.shimBytes === null ? '-' : `${(((r.containerBytes ?? 0) + (r.shimBytes ?? 0)) / 1e6).toFixed(1)} MB`,
          ]),
        ),
      ),
      '',
    );
  }
  return lines;
}
