// "did you mean ...?" for a mistyped name.
import { closest, distance } from 'fastest-levenshtein';

/** " (did you mean X?)" when a close name exists, else "" */
export function suggestion(text: string, choices: readonly string[]): string {
  if (choices.length === 0 || text === '') return '';
  const containing = choices.filter((choice) => choice.includes(text));
  if (containing.length === 1) return ` (did you mean ${containing[0]}?)`;
  const best = closest(text, [...choices]);
  return distance(text, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean ${best}?)` : '';
}
