// `dockerwasm report` needs no Docker: in a copy of the tool whose node_modules has no dockerode, it
// renders a compare, a density and a standalone directory in every format.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The tool's sources, package.json and workloads, and node_modules without dockerode (each other package linked). */
function toolWithoutDockerode(): string {
  const copy = mkdtempSync(join(tmpdir(), 'dockerwasm-no-dockerode-'));
  for (const entry of ['src', 'package.json', 'tsconfig.json']) cpSync(join(root, entry), join(copy, entry), { recursive: true });
  cpSync(join(root, 'guest'), join(copy, 'guest'), { recursive: true, filter: (path) => !path.includes('/target') });
  mkdirSync(join(copy, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name !== 'dockerode') symlinkSync(join(root, 'node_modules', name), join(copy, 'node_modules', name));
  }
  return copy;
}

describe('dockerwasm report without dockerode', () => {
  const tool = toolWithoutDockerode();

  it('cannot load dockerode at all (the copy is a fair test)', async () => {
    const probe = await execa('node', ['--input-type=module', '-e', "await import('dockerode')"], { cwd: tool, reject: false });
    expect(probe.exitCode).not.toBe(0);
    expect(probe.stderr).toMatch(/Cannot find package 'dockerode'/);
  });

  it.each(['results/sample/tree-rows100000', 'results/sample-density/hello', 'results/sample/runtimes-thesis'])('renders %s as html, md, csv and json', async (dir) => {
    const copy = join(mkdtempSync(join(tmpdir(), 'dockerwasm-report-')), basename(dir));
    cpSync(join(root, dir), copy, { recursive: true });
    const result = await execa('node', ['--import', 'tsx', join(tool, 'src/cli/main.ts'), 'report', copy, '--format', 'html,md,csv,json'], { cwd: tool, reject: false, env: { DOCKERWASM_HOME: tool } });
    expect(result.exitCode, result.stderr).toBe(0);
    for (const file of ['report.html', 'report.md', 'report.csv', 'report.json']) expect(existsSync(join(copy, file)), file).toBe(true);
  });
});
