// "did you mean ...?" for a mistyped name.
import { closest } from 'fastest-levenshtein';

/** " (did you mean X?)" when a close name exists, else "" */
export function suggestion(text: string, choices: readonly string[]): string {
  if (choices.length === 0 || text === '') return '';
  const best = closest(text, [...choices]);
  const distance = [...best].filter((char, index) => char !== text[index]).length;
  return distance <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean ${best}?)` : '';
}
