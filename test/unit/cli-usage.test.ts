// The bad-input catalogue: each case ends in one clear line, the right exit code, no stack trace.
// None needs an engine (the engine cases are in test/engine).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
async function cli(args: string[], env: Record<string, string> = {}) {
  const result = await execa('node', ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { reject: false, cwd: root, env: { DOCKER_HOST: 'unix:///tmp/dockerwasm-no-engine.sock', ...env } });
  return { code: result.exitCode, stderr: String(result.stderr), stdout: String(result.stdout) };
}

function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n').filter((l) => !l.startsWith('  hint:') && !l.startsWith('  - '));
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
}

describe('bad input', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['unknown command', ['compar', 'tree'], 2, /unknown command 'compar' \(Did you mean compare\?\)/],
    ['unknown workload', ['compare', 'tre'], 2, /workload must be one of kmeans, linreg, tree, or a program's folder, got 'tre' \(did you mean tree\?\)/],
    ['--rows 0', ['compare', 'tree', '--rows', '0'], 2, /--rows must be a whole number from 10 to 308,854, got '0'/],
    ['--rows -1', ['compare', 'tree', '--rows', '-1'], 2, /--rows must be a whole number from 10 to 308,854, got '-1'/],
    ['--rows abc', ['compare', 'tree', '--rows', 'abc'], 2, /got 'abc'/],
    ['--rows 1e9', ['compare', 'tree', '--rows', '1e9'], 2, /got '1e9'/],
    ['--rows larger than the dataset', ['compare', 'tree', '--rows', '400000'], 2, /from 10 to 308,854, got '400000'/],
    ['--samples 0', ['compare', 'linreg', '--samples', '0'], 2, /--samples must be a whole number from 1 to 10,000, got '0'/],
    ['--warmup -1', ['compare', 'linreg', '--warmup', '-1'], 2, /--warmup must be a whole number from 0 to 1,000, got '-1'/],
    ['unknown runtime', ['compare', 'linreg', '--runtimes', 'wasmtime'], 2, /unknown name 'wasmtime' \(did you mean io.containerd.wasmtime.v1\?\)/],
    ['a knob of another workload', ['compare', 'kmeans', '--rows', '100'], 2, /--rows applies to tree only, not kmeans/],
    ['--out escaping the project', ['compare', 'linreg', '--out', '../../etc/dockerwasm'], 2, /--out .* is outside the project folder/],
    ['missing dataset', ['dataset', 'cvd', '--from', '/tmp/no-such-CVD_cleaned.csv'], 3, /no-such-CVD_cleaned.csv: no such file/],
    ['runtimes: unknown workload', ['runtimes', 'kmean'], 2, /workload must be one of kmeans, linreg, tree, or a program's folder, got 'kmean' \(did you mean kmeans\?\)/],
    ['runtimes: unknown runtime', ['runtimes', 'linreg', '--runtimes', 'wasmtim'], 2, /--runtimes: unknown name 'wasmtim' \(did you mean wasmtime\?\); known: native, wasmedge-aot/],
    ['runtimes: no workload', ['runtimes'], 2, /name a workload \(kmeans, linreg, tree\), or your program's folder, or --thesis, or --list/],
    ['runtimes: --samples words', ['runtimes', 'linreg', '--samples', 'many'], 2, /--samples must be a whole number from 1 to 10,000, got 'many'/],
    ['runtimes: a size list with a bad size', ['runtimes', 'kmeans', '--observations', '1000,0'], 2, /--observations must be a whole number from 1 to 10,000,000, got '0'/],
    ['runtimes: a knob of another workload', ['runtimes', 'linreg', '--rows', '100'], 2, /--rows applies to tree only, not linreg/],
    ['runtimes: --resume of no run', ['runtimes', 'linreg', '--resume', 'results/no-such-run'], 3, /no-such-run has no env.json: not a dockerwasm results directory/],
    ['density: unknown program', ['density', 'helo'], 2, /workload must be one of hello, kmeans, linreg, tree, or a program's folder, got 'helo' \(did you mean hello\?\)/],
    ['density: concurrency over the limit', ['density', 'hello', '--concurrency', '1,64'], 2, /--concurrency must be a whole number from 1 to 16, got '64'/],
    ['density: no containers', ['density', 'hello', '--containers', '0'], 2, /--containers must be a whole number from 1 to 500, got '0'/],
    ['density: too many containers in all', ['density', 'hello', '--containers', '500', '--rounds', '20', '--concurrency', '1,2,4'], 2, /would start up to 180,000 containers .* the limit is 20,000/],
    ['density: a knob of another workload', ['density', 'hello', '--rows', '100'], 2, /--rows applies to tree only, not hello/],
    ['density: resume of a directory that is not a density run', ['density', 'hello', '--resume', 'test/fixtures/results-linreg'], 3, /not a density run's env.json/],
    ['no engine', ['doctor'], 4, /cannot reach the Docker engine at unix:\/\/\/tmp\/dockerwasm-no-engine.sock \(DOCKER_HOST\)/],
  ];
  it.each(cases)('%s', async (_name, args, code, pattern) => {
    const result = await cli(args);
    expect(result.code, result.stderr).toBe(code);
    expectOneLine(result.stderr, pattern);
  });

  it('a missing toolchain: exit 9, naming what is missing and the command that installs it', async () => {
    const noCargo = await cli(['guests', 'build', 'linreg'], { DOCKERWASM_CARGO: '/nonexistent/cargo' });
    expect(noCargo.code).toBe(9);
    expectOneLine(noCargo.stderr, /cargo not found at \/nonexistent\/cargo/);
    expect(noCargo.stderr).toMatch(/hint: install it with `apt-get install cargo rustc libstd-rust-dev-wasm32`/);
  });

  it('a toolchain without the wasm32-wasip1 target: exit 9 with the install command', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'toolchain-'));
    writeFileSync(join(folder, 'cargo'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(folder, 'rustc'), `#!/bin/sh\necho ${folder}/sysroot\n`, { mode: 0o755 });
    const result = await cli(['guests', 'build', 'linreg'], { DOCKERWASM_CARGO: join(folder, 'cargo'), DOCKERWASM_RUSTC: join(folder, 'rustc') });
    expect(result.code).toBe(9);
    expectOneLine(result.stderr, /has no wasm32-wasip1 standard library/);
    expect(result.stderr).toMatch(/apt-get install libstd-rust-dev-wasm32|rustup target add wasm32-wasip1/);
  });

  it('a YAML spec with several mistakes: all listed at once, with their paths', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spec-')), 'bad.yaml');
    writeFileSync(file, 'name: x\nsamples: 0\nworkloads:\n  - algorithm: tree\n    rows: 5\n  - algorithm: svm\n');
    const result = await cli(['reproduce', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/bad.yaml has 3 mistakes/);
    expect(result.stderr).toMatch(/  - samples: .*\n  - workloads\[0\]\.rows: .*\n  - workloads\[1\]\.algorithm: /);
  });

  it('a corrupted CSV: the row and column named', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'csv-')), 'CVD_cleaned.csv');
    writeFileSync(file, 'General_Health,Checkup\nPoor,Never\n');
    const result = await cli(['dataset', 'cvd', '--from', file]);
    expect(result.code).toBe(3);
    expectOneLine(result.stderr, /missing columns Exercise, Heart_Disease/);
  });

  it('a results folder that cannot be written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ro-')), 'a-file');
    writeFileSync(file, '');
    const result = await cli(['report', join(root, 'test/fixtures/results-linreg'), '--out', join(file, 'report'), '--out-anywhere']);
    expect(result.code).toBe(3);
    expectOneLine(result.stderr, /cannot write .*a-file\/report.*ENOTDIR/);
  });

  it('--help teaches: every command listed with one line, each with its own help', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['doctor', 'compare', 'reproduce', 'report', 'guests', 'dataset', 'dockerfiles', 'base', 'clean']) expect(top.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
    const compare = await cli(['compare', '--help']);
    expect(compare.stdout).toMatch(/Examples:\n  dockerwasm compare tree --rows 100000/);
  });
});
