// Parsers for command-line values: each refuses a bad value with a message that quotes it.
import { InvalidArgumentError } from 'commander';
import { suggestion } from '../config/closest-name.js';

export function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const trimmed = text.trim();
    const value = /^[0-9]+$/.test(trimmed) ? Number(trimmed) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max.toLocaleString('en-US')}`;
      throw new InvalidArgumentError(`${name} must be a whole number ${range}, got '${text}'`);
    }
    return value;
  };
}

export function oneOf<T extends string>(name: string, choices: readonly T[]) {
  return (text: string): T => {
    if ((choices as readonly string[]).includes(text)) return text as T;
    throw new InvalidArgumentError(`${name} must be one of ${choices.join(', ')}, got '${text}'${suggestion(text, choices)}`);
  };
}

/** `a,b` or `all` into a list of names, each checked against `choices`. */
export function nameList(name: string, choices: readonly string[]) {
  return (text: string): string[] | 'all' => {
    if (text.trim() === 'all') return 'all';
    const names = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (names.length === 0) throw new InvalidArgumentError(`${name} needs at least one name, or 'all'`);
    for (const item of names) {
      if (!choices.includes(item)) {
        throw new InvalidArgumentError(`${name}: unknown name '${item}'${suggestion(item, choices)}; known: ${choices.join(', ')}`);
      }
    }
    return names;
  };
}
