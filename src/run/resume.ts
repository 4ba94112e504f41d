// The one resume rule, for every kind of run: the saved settings, overridden by what was given now. A given
// value that differs from the saved one would change what is measured, so it is refused, each difference
// listed; only the settings a kind declares resumable (they change nothing a recorded sample measured) are
// applied, and said.
import { DockerwasmError } from '../errors.js';
import type { SettingChange } from '../results/environment.js';

type Settings = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What was given, key by key, over the saved settings. Inside an object (a workload) it goes knob by knob,
 * so `compare tree --resume dir` keeps the saved rows; an object naming another workload replaces it.
 */
export function mergeGiven(saved: Settings, given: Settings): Settings {
  const merged: Settings = { ...saved };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const before = saved[key];
    const sameWorkload = isObject(before) && isObject(value) && before.algorithm === value.algorithm;
    merged[key] = sameWorkload ? { ...before, ...value } : value;
  }
  return merged;
}

/** Every setting whose value differs between two complete settings. */
export function settingsDifferences(saved: Settings, now: Settings): Omit<SettingChange, 'at'>[] {
  return [...new Set([...Object.keys(saved), ...Object.keys(now)])]
    .filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(now[key]))
    .map((key) => ({ key, from: saved[key], to: now[key] }));
}

export interface ResumedSettings<T> {
  settings: T;
  /** the resumable settings that changed, applied */
  changes: Omit<SettingChange, 'at'>[];
}

/**
 * The settings a resumed run goes on with. `parse` reads the saved settings (as a new run would) and the
 * merged ones; a difference outside `resumable` refuses the resume, listing every one.
 */
export function resumeSettings<T>(
  dir: string,
  saved: Settings,
  given: Settings,
  parse: (value: unknown, source: string) => T,
  resumable: Readonly<Partial<Record<string, string>>>,
): ResumedSettings<T> {
  const before = parse(saved, `${dir}/env.json's settings`) as Settings;
  const after = parse(mergeGiven(before, given), 'the command line') as Settings;
  const differences = settingsDifferences(before, after);
  const refused = differences.filter((change) => resumable[change.key] === undefined);
  if (refused.length > 0) {
    throw new DockerwasmError('USAGE', `--resume ${dir}: this is not the experiment that directory holds`, {
      details: refused.map((change) => `${change.key}: started with ${JSON.stringify(change.from)}, now ${JSON.stringify(change.to)}`),
      hint: `only ${Object.keys(resumable).join(', ') || 'no setting'} may change on resume; start a new run for the others`,
    });
  }
  return { settings: after as T, changes: differences };
}

/** One line per applied change, for progress: what changed and why that is allowed. */
export function changeLines(changes: readonly Omit<SettingChange, 'at'>[], resumable: Readonly<Partial<Record<string, string>>>): string[] {
  return changes.map((change) => `--resume: ${change.key} ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)} (${resumable[change.key]})`);
}
