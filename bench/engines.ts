// The findings' engine section and the README's engine line (pure: loaded runs in, Markdown out): the stock
// spec through Docker 26.1 and through Docker 28, and the start-up overhead of each profile on both engines,
// each pair measured one after the other on one machine with the same network (none).
import type { LoadedCompare } from '../src/report/load-results.js';
import { renderMarkdownTable } from '../src/report/render-markdown.js';
import { answerRatio, answerVerdict, type DeclaredAnswer } from '../src/report/compare/declared-questions.js';
import { answersOf, link, machineText, shortName, type ReproduceRun } from './headline.js';

export interface EngineInputs {
  /** the stock spec run through Docker 26.1 and through Docker 28, one after the other on one machine */
  docker26: ReproduceRun;
  docker28: ReproduceRun;
  /** compare runs of one small workload, one per engine: their run time is nearly all start-up */
  startup: { folder: string; results: LoadedCompare }[];
}

const version = (results: LoadedCompare) => String(results.env.engine.serverVersion).split('+')[0]!;
const ms = (value: number) => `${Math.round(value)} ms`;
const day = (run: ReproduceRun) => run.workloads[0]!.results.env.createdAt.slice(0, 10);

/** Mean start-up overhead per profile (ms) of one run, with its interval. */
function overheads(results: LoadedCompare): Map<string, { mean: number; ci95: [number, number] | null }> {
  return new Map(results.document.summary.variants.flatMap((v) => (v.overhead ? [[v.name, { mean: v.overhead.mean, ci95: v.overhead.ci95 }] as const] : [])));
}

const verdictOf = (run: ReproduceRun, answer: DeclaredAnswer) => answerVerdict(answer, run.questions[0]?.margin ?? 0.05);

/** Each declared answer of the Docker 28 run, with the Docker 26.1 run's for the same workload and variant. */
function pairedAnswers({ docker26, docker28 }: EngineInputs): { before: DeclaredAnswer | undefined; after: DeclaredAnswer }[] {
  const before = answersOf(docker26);
  return answersOf(docker28).map((after) => ({ before: before.find((b) => b.workload === after.workload && b.variant === after.variant), after }));
}

/** How much more each start took on the second engine than on the first, over every profile: [least, most] ms. */
function startupDifference(inputs: EngineInputs): [number, number] | null {
  const [first, second] = inputs.startup.map((s) => overheads(s.results));
  if (!first || !second) return null;
  const differences = [...first].flatMap(([name, a]) => (second.has(name) ? [second.get(name)!.mean - a.mean] : []));
  return differences.length ? [Math.min(...differences), Math.max(...differences)] : null;
}

export function renderEngineFindings(inputs: EngineInputs): string[] {
  const { docker26, docker28 } = inputs;
  const startupRuns = inputs.startup.map((s) => ({ ...s, overhead: overheads(s.results) }));
  const profiles = [...(startupRuns[0]?.overhead.keys() ?? [])];
  return [
    '## Does the engine matter? Docker 26.1 and Docker 28',
    '',
    `The stock spec through each engine, one run after the other on ${machineText(docker28.workloads[0]!.results.env)}: Docker ${version(docker26.workloads[0]!.results)}`,
    `(${link(docker26.folder)}, ${docker26.samples} samples a variant, ${day(docker26)}) and Docker ${version(docker28.workloads[0]!.results)} (${link(docker28.folder)}, ${docker28.samples} samples, ${day(docker28)}).`,
    "Every container has no network on both (an empty namespace the runtime makes: the guide's Provisioning says why).",
    '',
    renderMarkdownTable({
      head: ['workload', 'runtime', 'Docker 26.1: Wasm / Linux', 'verdict', 'Docker 28: Wasm / Linux', 'verdict'],
      rows: pairedAnswers(inputs).map(({ before, after }) => [
        after.workload,
        shortName(after.variant),
        before ? answerRatio(before) : '-',
        before ? verdictOf(docker26, before) : '-',
        answerRatio(after),
        verdictOf(docker28, after),
      ]),
    }),
    '',
    `Start-up on each engine: \`dockerwasm compare linreg\` (iris: the program computes for well under a millisecond, so the run is`,
    'its start-up), one run per engine one after the other, no network on both; mean overhead per container with its 95% interval.',
    '',
    renderMarkdownTable({
      head: ['runtime', ...startupRuns.map((s) => `Docker ${version(s.results)} (${link(s.folder, 'summary.md')}, ${s.results.document.summary.variants[0]?.overhead?.n ?? '?'} samples)`), 'difference'],
      rows: profiles.map((name) => {
        const cells = startupRuns.map((s) => s.overhead.get(name));
        const [a, b] = cells;
        return [
          shortName(name),
          ...cells.map((c) => (c ? `${ms(c.mean)}${c.ci95 ? ` [${Math.round(c.ci95[0])}, ${Math.round(c.ci95[1])}]` : ''}` : '-')),
          a && b ? `${b.mean >= a.mean ? '+' : '-'}${ms(Math.abs(b.mean - a.mean))}` : '-',
        ];
      }),
    }),
    '',
  ];
}

/** The README's line on the engine the headline was measured on, and why it is the default. */
export function engineLine(stock: ReproduceRun, inputs: EngineInputs): string {
  const { docker26, docker28 } = inputs;
  const pairs = pairedAnswers(inputs);
  const agree = pairs.filter(({ before, after }) => before !== undefined && verdictOf(docker26, before) === verdictOf(docker28, after)).length;
  const difference = startupDifference(inputs);
  const slower = difference ? `each container's start-up took ${Math.round(difference[0])} to ${Math.round(difference[1])} ms longer on Docker 28, on every profile` : 'start-up was not compared';
  return [
    `**Engine.** This table is on Docker ${version(stock.workloads[0]!.results)}, which \`scripts/provision-engine.sh\` installs (Debian trixie's). Every profile also runs on`,
    `Docker ${version(docker28.workloads[0]!.results)} (\`scripts/provision-docker28.sh\` starts one beside it). The same spec through both, one after the other on one machine (${docker28.samples} samples),`,
    `gave the same verdict in ${agree} of ${pairs.length} cells ([engines](results/FINDINGS.md#does-the-engine-matter-docker-261-and-docker-28)), and ${slower} (${inputs.startup.map((s) => link(s.folder, 'summary.md')).join(', ')}):`,
    'the default stays. Docker 28 is the one for OCI Wasm images, which the wasmtime shim compiles once.',
  ].join('\n');
}
