// `dockerwasm runtimes` on the real runtimes of this machine (scripts/provision-runtimes.sh and
// scripts/provision-engine.sh install them): each one runs kmeans, linreg and a small tree with the
// native run's digest; runtimes that misbehave (hang, crash, reject the module) are recorded and the run
// goes on; Ctrl-C keeps what was measured and --resume finishes it. A runtime that is missing fails here
// with the reason: it is never skipped.
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, tempResults } from '../engine/cli.js';

/** the runtimes CI must have */
const required = ['wasmedge-aot', 'wasmedge-interpreter', 'wasmtime', 'wasmtime-precompiled', 'wasmtime-threads', 'wasmedge-threads', 'wasmer', 'wasm3', 'graalwasm', 'node', 'wazero'];

interface Found {
  name: string;
  available: boolean;
  version: string | null;
  reason: string | null;
}

interface Row {
  workload: string;
  runtime: string;
  n: number;
  failed: { outcome: string; count: number; firstError: string | null }[];
}

const samplesOf = (dir: string) => readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { step: string; runtime: string; outcome: string; error: string | null; phase: string });

describe('dockerwasm runtimes on the real runtimes', () => {
  let found: Found[] = [];

  it('--list finds every runtime CI must have, with its version; WAVM and Spin say why not', async () => {
    const result = await runCli(['runtimes', '--list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    found = (JSON.parse(result.stdout) as { runtimes: Found[] }).runtimes;
    const missing = required.map((name) => found.find((f) => f.name === name)!).filter((f) => !f.available);
    expect(missing.map((f) => `${f.name}: ${f.reason}`), 'runtimes that must be available here (run scripts/provision-runtimes.sh --yes)').toEqual([]);
    for (const name of required) expect(found.find((f) => f.name === name)!.version, name).toMatch(/\d+\.\d+/);
    expect(found.find((f) => f.name === 'wavm')!.reason).toMatch(/no WAVM package/);
    expect(found.find((f) => f.name === 'spin')!.reason).toMatch(/no Spin CLI/);
  });

  const workloads: [string, string[]][] = [
    ['kmeans (1,000 observations)', ['kmeans', '--observations', '1000']],
    ['linreg', ['linreg']],
    ['tree (2,000 rows)', ['tree', '--rows', '2000']],
  ];
  it.each(workloads)('every available runtime runs %s with the native digest', async (_name, args) => {
    const dir = tempResults('standalone');
    const result = await runCli(['runtimes', ...args, '--samples', '1', '--warmup', '0', '--interpreters-all', '--out', dir, '--out-anywhere', '--json']);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const rows = (JSON.parse(result.stdout) as { summary: { rows: Row[] } }).summary.rows;
    for (const name of required) {
      const row = rows.find((r) => r.runtime === name);
      expect(row, `${name} has no row (stderr: ${result.stderr.slice(-1500)})`).toBeDefined();
      expect({ name, n: row!.n, failed: row!.failed }).toEqual({ name, n: 1, failed: [] });
    }
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/### Table (7|10|13):/);
  }, 1_500_000);
});

describe("dockerwasm runtimes on a user's program (the examples)", () => {
  // what a program folder runs on: the threaded builds are the built-in workloads' only, and Wasm3 and GraalWasm are given no files
  const forPrograms = ['wasmedge-aot', 'wasmedge-interpreter', 'wasmtime', 'wasmtime-precompiled', 'wasmer', 'node', 'wazero'];
  const examples: [string, string[]][] = [
    ['c-wordfreq', ['input.txt', '1', '1']],
    ['go-deflate', ['input.txt', '1']],
    ['rust-jsonstats', ['orders.json', '1']],
  ];
  it.each(examples)('every runtime that takes files runs examples/%s with the native digest', async (name, args) => {
    const dir = tempResults(`standalone-${name}`);
    const result = await runCli(['runtimes', `examples/${name}`, '--samples', '1', '--warmup', '0', '--out', dir, '--out-anywhere', '--json', '--', ...args]);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const rows = (JSON.parse(result.stdout) as { summary: { rows: Row[] } }).summary.rows;
    for (const runtime of forPrograms) {
      const row = rows.find((r) => r.runtime === runtime);
      expect(row, `${runtime} has no row (stderr: ${result.stderr.slice(-1500)})`).toBeDefined();
      if (runtime === 'wasmer' && name === 'go-deflate') {
        // Wasmer 2.1.1 (the PyPI package) opens no file for a Go wasip1 module: a known failure, recorded with its words
        expect(row!.failed.map((f) => f.firstError).join(' ')).toMatch(/open input\.txt: (No such file|Bad file number)/);
        continue;
      }
      expect({ runtime, n: row!.n, failed: row!.failed }).toEqual({ runtime, n: 1, failed: [] });
    }
  }, 900_000);
});

describe('dockerwasm runtimes when a runtime misbehaves', () => {
  /** a runtimes prefix whose programs pass the probe, then hang, crash or reject the real module */
  function misbehavingPrefix(): string {
    const prefix = tempResults('prefix');
    mkdirSync(join(prefix, 'bin'), { recursive: true });
    const script = (name: string, versionArg: string, otherwise: string) => {
      const file = join(prefix, 'bin', name);
      writeFileSync(file, `#!/bin/sh\n[ "$1" = "${versionArg}" ] && { echo "${name} 9.9.9 (a test double)"; exit 0; }\nfor a in "$@"; do case "$a" in *probe-hello*) echo "dockerwasm probe ok"; exit 0;; esac; done\n${otherwise}\n`);
      chmodSync(file, 0o755);
    };
    script('wazero', '--version', 'exec sleep 60');
    script('wasmer', '--version', 'echo "error: failed to compile module: unknown opcode 0xfc" >&2; exit 1');
    script('wasm3', '--version', 'kill -SEGV $$');
    return prefix;
  }

  it('records a hang (timeout), a crash (signal) and a rejected module (its message), and goes on', async () => {
    const dir = tempResults('misbehaving');
    const result = await runCli(
      ['runtimes', 'linreg', '--runtimes', 'wazero,wasmer,wasm3', '--samples', '2', '--warmup', '0', '--timeout', '2', '--out', dir, '--out-anywhere', '--json'],
      { DOCKERWASM_RUNTIMES_PREFIX: misbehavingPrefix() },
    );
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const summary = (JSON.parse(result.stdout) as { summary: { rows: Row[]; unavailable: { runtime: string; reason: string }[] } }).summary;
    const rows = summary.rows;
    const failure = (name: string) => {
      const row = rows.find((r) => r.runtime === name);
      expect(row, `${name} has no row; unavailable: ${JSON.stringify(summary.unavailable)}`).toBeDefined();
      return row!.failed[0];
    };
    expect(failure('wazero')).toMatchObject({ outcome: 'timeout', count: 2 });
    expect(failure('wasm3')).toMatchObject({ outcome: 'signal', count: 2, firstError: expect.stringMatching(/SIGSEGV/) });
    expect(failure('wasmer')).toMatchObject({ outcome: 'exit-code', count: 2, firstError: expect.stringMatching(/exit code 1: error: failed to compile module: unknown opcode/) });
    expect(rows.find((r) => r.runtime === 'native')).toMatchObject({ n: 2, failed: [] });
  }, 120_000);

  it('Ctrl-C keeps what was measured, and --resume finishes without measuring anything twice', async () => {
    const dir = tempResults('interrupted');
    const child = startCli(['runtimes', 'kmeans', '--observations', '1000', '--runtimes', 'node', '--samples', '8', '--warmup', '0', '--out', dir, '--out-anywhere']);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/runs 5\/16/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`the run ended before it was interrupted: ${stderr.slice(-1500)}`)));
    });
    child.kill('SIGINT');
    const ended = await child;
    expect(ended.exitCode, stderr.slice(-1500)).toBe(130);
    const kept = samplesOf(dir);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.length).toBeLessThan(16);
    const resumed = await runCli(['runtimes', '--resume', dir, '--out-anywhere']);
    expect(resumed.code, resumed.stderr.slice(-1500)).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming: ${kept.length} of 16 runs already measured`));
    const all = samplesOf(dir);
    expect(all).toHaveLength(16);
    expect(new Set(all.map((s) => s.step)).size).toBe(16);
    expect(all.every((s) => s.outcome === 'ok')).toBe(true);
  }, 300_000);
});
