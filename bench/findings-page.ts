// results/FINDINGS.md, the findings page (pure): the stock headline's answer, each "at its best" step, the
// inline threshold's sensitivity and density (headline.ts), then the earlier runs (findings.ts). Its links
// are written from the project's root and rewritten here for the page's own folder.
import { renderEarlierFindings, type FindingsInputs } from './findings.js';
import { renderHeadlineFindings, type HeadlineInputs } from './headline.js';

export const findingsPagePath = 'results/FINDINGS.md';

/** a link from the project's root, as one from results/ */
const fromResults = (markdown: string) => markdown.replace(/\]\((?!https?:|#)([^)]+)\)/g, (_, path: string) => `](${path.startsWith('results/') ? path.slice('results/'.length) : `../${path}`})`);

export function renderFindingsPage(headline: HeadlineInputs, earlier: FindingsInputs): string {
  const page = [
    '# What dockerwasm found',
    '',
    '<!-- rendered by `npm run findings` from the committed results directories it links; do not edit by hand -->',
    'Every figure on this page is computed from a committed results directory (its `samples.jsonl`), linked beside it, except',
    'where a line says a file holds summaries only. Ratios are Wasm / Linux run time (below 1: Wasm is faster): the ratio of',
    "geometric means with its 95% interval (Welch on log times). Definitions of every figure: [the guide](docs/GUIDE.md#what-it-measures).",
    '',
    ...renderHeadlineFindings(headline),
    renderEarlierFindings(earlier),
    '',
  ].join('\n');
  return fromResults(page);
}
