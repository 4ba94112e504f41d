// The one resume rule, shown on a committed directory of each kind: the saved settings, overridden by what
// was given; a given value that would change what is measured is refused, each difference listed; a
// resumable one (the timeout) is applied, said, and recorded in env.json.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareBase } from '../../src/compare/kind.js';
import { densityBase } from '../../src/density/kind.js';
import { readEnvironment, resumedEnvironment, writeEnvironment } from '../../src/results/environment.js';
import { changeLines } from '../../src/run/resume.js';
import { resumedRun } from '../../src/run/run-experiment.js';
import type { RunKindBase } from '../../src/run/run-kind.js';
import { standaloneBase } from '../../src/standalone/kind.js';

const root = join(import.meta.dirname, '..', '..');
const copyOf = (dir: string) => {
  const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-resume-')), basename(dir));
  cpSync(join(root, dir), copy, { recursive: true });
  return copy;
};

const cases: { kind: RunKindBase<unknown>; dir: string; measured: Record<string, unknown> }[] = [
  { kind: compareBase, dir: 'results/sample/tree-rows100000', measured: { samples: 7 } },
  { kind: densityBase, dir: 'results/sample-density/hello', measured: { containers: 7 } },
  { kind: standaloneBase, dir: 'results/sample/runtimes-threads', measured: { samples: 7 } },
];

describe('--resume, the same rule for every kind', () => {
  it.each(cases)('$kind.kind: the saved settings go on; what was given the same is no change', ({ kind, dir }) => {
    const copy = copyOf(dir);
    const saved = readEnvironment(copy).settings;
    const place = resumedRun(kind, copy, { seed: saved.seed });
    expect(place.changes).toEqual([]);
    expect((place.settings as Record<string, unknown>).seed).toBe(saved.seed);
  });

  it.each(cases)('$kind.kind: a differing option that changes what is measured is refused, listing it', ({ kind, dir, measured }) => {
    const [key, value] = Object.entries(measured)[0]!;
    const saved = readEnvironment(join(root, dir)).settings;
    expect(() => resumedRun(kind, copyOf(dir), { ...measured, seed: (saved.seed as number) + 1 })).toThrow(
      expect.objectContaining({
        code: 'USAGE',
        message: expect.stringMatching(/this is not the experiment that directory holds/),
        details: [`${key}: started with ${JSON.stringify(saved[key] ?? (kind === densityBase ? 20 : 5))}, now ${value}`, `seed: started with ${saved.seed}, now ${(saved.seed as number) + 1}`],
      }),
    );
  });

  it.each(cases)('$kind.kind: the timeout is applied, said, and recorded with the resume', async ({ kind, dir }) => {
    const copy = copyOf(dir);
    const place = resumedRun(kind, copy, { timeoutSeconds: 77 });
    expect(place.changes).toEqual([{ key: 'timeoutSeconds', from: readEnvironment(copy).settings.timeoutSeconds, to: 77 }]);
    expect(changeLines(place.changes, kind.resumable)).toEqual([expect.stringMatching(/^--resume: timeoutSeconds \d+ -> 77 \(it decides only when .* is given up/)]);
    await writeEnvironment(copy, resumedEnvironment(place.saved!, place.settings as Record<string, unknown>, place.changes));
    const env = JSON.parse(readFileSync(join(copy, 'env.json'), 'utf8'));
    expect(env.settings.timeoutSeconds).toBe(77);
    expect(env.settingsChanges).toEqual([expect.objectContaining({ key: 'timeoutSeconds', to: 77 })]);
    expect(env.resumedAt.length).toBe(readEnvironment(join(root, dir)).resumedAt.length + 1);
    expect(readEnvironment(copy).kind).toBe(kind.kind);
  });

  it('refuses a directory of another kind in one line', () => {
    expect(() => resumedRun(densityBase, copyOf('results/sample/tree-rows100000'), {})).toThrow(/not a density run's env.json \(it holds a compare run\)/);
  });
});
