// The answers to a spec's declared questions (pure): per workload, each declared variant's run time against
// the declared baseline, Welch on log times for "different", TOST at the declared margin for "the same",
// both Holm-adjusted over the question's variants. Only declared comparisons are tested: nothing is picked
// after measuring.
import type { DeclaredQuestion } from '../../config/experiment-spec.js';
import { compareSamples } from '../../stats/compare.js';
import { declaredTest, judgeFamily, type AdjustedTest } from '../../stats/equivalence.js';
import type { SummaryDocument } from '../../results/summaries.js';
import type { TitledTable } from '../table-data.js';

export interface DeclaredAnswer {
  question: string;
  workload: string;
  variant: string;
  baseline: string;
  /** good samples of the variant and of the baseline */
  samples: [number, number];
  ratio: number | null;
  ratioCi95: [number, number] | null;
  test: AdjustedTest | null;
  /** why there is no test: the variant did not run, or too few samples */
  missing: string | null;
}

const runsOf = (document: SummaryDocument, variant: string) => document.summary.variants.find((v) => v.name === variant)?.runSamplesMs ?? null;

export function answerQuestions(questions: readonly DeclaredQuestion[], workloads: readonly { label: string; document: SummaryDocument }[]): DeclaredAnswer[] {
  return questions.flatMap((question) =>
    workloads.flatMap(({ label, document }) => {
      const baseline = runsOf(document, question.baseline) ?? [];
      const family = question.variants.map((variant) => {
        const runs = runsOf(document, variant);
        const comparison = runs ? compareSamples(runs, baseline) : null;
        const test = runs ? declaredTest(runs, baseline, question.margin) : null;
        return { variant, runs, comparison, test };
      });
      const tested = family.filter((f) => f.test !== null && f.comparison !== null);
      const judged = judgeFamily(tested.map((f) => ({ test: f.test!, ratio: f.comparison!.ratio })));
      return family.map((f): DeclaredAnswer => {
        const index = tested.indexOf(f);
        return {
          question: question.question,
          workload: label,
          variant: f.variant,
          baseline: question.baseline,
          samples: [f.runs?.length ?? 0, baseline.length],
          ratio: f.comparison?.ratio ?? null,
          ratioCi95: f.comparison?.ratioCi95 ?? null,
          test: index >= 0 ? judged[index]! : null,
          missing: f.runs === null ? 'not measured in this run' : index < 0 ? 'too few good samples to test' : null,
        };
      });
    }),
  );
}

/** a p-value as the tables show it */
export const pText = (value: number) => (value < 0.001 ? '<0.001' : value.toFixed(3));

/** "1.18x [1.05, 1.31]", or "-" when the variant was not compared */
export const answerRatio = (a: DeclaredAnswer) => (a.ratio === null ? '-' : `${a.ratio.toFixed(2)}x [${a.ratioCi95![0].toFixed(2)}, ${a.ratioCi95![1].toFixed(2)}]`);

/** the verdict with its margin ("faster, within ±5%"), or why there is none */
export const answerVerdict = (a: DeclaredAnswer, margin: number) => a.test?.verdict.replace('the margin', `±${Math.round(margin * 100)}%`) ?? a.missing ?? '-';

/** One table per question: a row per workload and variant. */
export function questionTables(questions: readonly DeclaredQuestion[], answers: readonly DeclaredAnswer[]): TitledTable[] {
  return questions.map((question) => ({
    title: `Declared: ${question.question} (${question.variants.length} variant(s) against ${question.baseline}; margin ±${Math.round(question.margin * 100)}%; Holm over the variants of each workload)`,
    head: ['workload', 'variant', 'samples', `run time / ${question.baseline} [95% CI]`, 'p different (Holm)', `p within ±${Math.round(question.margin * 100)}% (TOST, Holm)`, 'verdict'],
    rows: answers
      .filter((a) => a.question === question.question)
      .map((a) => [
        a.workload,
        a.variant,
        `${a.samples[0]} / ${a.samples[1]}`,
        answerRatio(a),
        a.test ? pText(a.test.differencePHolm) : '-',
        a.test ? pText(a.test.equivalencePHolm) : '-',
        answerVerdict(a, question.margin),
      ]),
  }));
}
