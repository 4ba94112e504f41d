// The README's two commands are what a newcomer runs first; CI runs its test command exactly as written.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)![1]!;
const commands = firstBlock.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

describe("the README's commands", () => {
  it('are two: the main job and the tests', () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/npx dockerwasm compare /);
    expect(commands[1]).toMatch(/&& npm test$/);
  });

  it('the test command is the one CI runs, and it provisions everything the tests need', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(ci.split('\n')).toContain(commands[1]);
    expect(commands[1]).toMatch(/scripts\/provision-engine\.sh --yes && scripts\/provision-test-tools\.sh && scripts\/provision-runtimes\.sh --yes && npm ci/);
  });

  it('names scripts that exist and can be run as written', () => {
    for (const script of firstBlock.match(/scripts\/[\w-]+\.sh/g)!) expect(statSync(join(root, script)).mode & 0o111, script).not.toBe(0);
  });
});
