// A user's program on the real engine: each example built from its source and run under every provisioned
// profile with its input file, printing what its native build prints when run by hand; one in density; and
// each failure a program can meet, with its one line and exit code, leaving nothing in the engine.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { toolFilter } from '../../src/engine/labels.js';
import { readEnvironment } from '../../src/results/environment.js';
import { readSamples } from '../../src/results/sample-log.js';
import type { DensitySummary, SummaryDocument } from '../../src/results/summaries.js';
import { folderWith } from '../fakes/program-folder.js';
import { projectRoot, runCli, tempResults } from './cli.js';

// every profile the provisioning installs must run a user's program: a missing one fails, never skips
const provisioned = ['runc', 'crun-wasmedge', 'io.containerd.wasmtime.v1', 'io.containerd.wasmedge.v1'];
const engine = new DockerEngine();

/** What dockerwasm has in the engine now: labelled containers and images. */
async function engineState(): Promise<string[]> {
  const [containers, images] = await Promise.all([engine.listContainers(toolFilter), engine.listImages(toolFilter)]);
  return [...containers.map((c) => `container ${c.id}`), ...images.map((i) => `image ${i.id}`)].sort();
}

/** The sha256 of what the native build prints, run by hand in the program's folder. */
async function nativeDigest(dir: string, folder: string, args: string[]): Promise<string> {
  const env = readEnvironment(dir, 'compare');
  const native = env.guest.artifacts.find((a) => a.flavour === 'native')!;
  const { stdout } = await execa(join(env.guest.folder, native.file), args, { cwd: folder, stripFinalNewline: false });
  return createHash('sha256').update(stdout).digest('hex');
}

describe("a user's program (real engine)", () => {
  const examples = [
    ['c-wordfreq', ['input.txt', '10', '20']],
    ['go-deflate', ['input.txt', '3']],
    ['rust-jsonstats', ['orders.json', '20']],
  ] as const;
  it.each(examples)('compare examples/%s: every profile runs it with its input file and prints what native prints', async (name, args) => {
    const dir = tempResults(name);
    const folder = join(projectRoot, 'examples', name);
    const before = await engineState();
    const { code, stdout, stderr } = await runCli(['compare', '--samples', '2', '--warmup', '1', '--out', dir, '--out-anywhere', `examples/${name}`, '--', ...args]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Run time only: the program reports no compute time of its own/);
    const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
    expect(document.complete).toBe(true);
    expect(document.summary.variants.map((v) => v.name).sort()).toEqual([...provisioned].sort());
    const digest = await nativeDigest(dir, folder, [...args]);
    for (const variant of document.summary.variants) {
      expect(variant.samples, `${variant.name}: ${JSON.stringify(variant.failed)}`).toBe(2);
      expect(variant.digest, variant.name).toBe(digest);
    }
    // provenance: the folder, the sources' hash, the toolchain per artifact, the arguments
    const env = readEnvironment(dir, 'compare');
    expect(env.guest.inputs.source).toMatchObject({ folder });
    expect(String(env.guest.inputs.toolchain)).toMatch(name.startsWith('c-') ? /clang version 19/ : name.startsWith('go-') ? /^go version go1\.\d+/ : /^rustc 1\./);
    expect(env.guest.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    for (const artifact of env.guest.artifacts) expect(artifact.compiler.length, artifact.flavour).toBeGreaterThan(5);
    const { records } = readSamples(dir, 'compare');
    expect(records.some((r) => r.type === 'run' && r.phase === 'sample' && r.guest?.result.stdout_bytes !== undefined)).toBe(true);
    expect(await engineState()).toEqual(before);
  });

  it('density examples/c-wordfreq: 6 containers 2 at a time on every profile, each with the native output', async () => {
    const dir = tempResults('density-c-wordfreq');
    const { code, stdout, stderr } = await runCli(['density', 'examples/c-wordfreq', '--containers', '6', '--concurrency', '2', '--rounds', '1', '--json', '--out', dir, '--out-anywhere', '--', 'input.txt', '5', '2']);
    expect(code, stderr).toBe(0);
    const { summary } = JSON.parse(stdout) as { summary: DensitySummary };
    expect(summary.complete).toBe(true);
    expect(summary.rows.map((r) => r.variant).sort()).toEqual([...provisioned].sort());
    for (const row of summary.rows) expect(row.failed, row.variant).toBe(0);
    const { records: cells } = readSamples(dir, 'density');
    const digests = new Set(cells.flatMap((cell) => cell.containers.map((c) => c.digest)));
    expect(digests.size, 'one output from every container of every profile').toBe(1);
  });

  it('a pair built by hand (--native, --wasm) runs under every profile', async () => {
    const folder = folderWith({});
    const source = join(projectRoot, 'examples', 'c-wordfreq', 'wordfreq.c');
    await execa('clang-19', ['-O2', '-static', '-o', join(folder, 'wordfreq'), source]);
    await execa('clang-19', ['--target=wasm32-wasi', '-O2', '-o', join(folder, 'wordfreq.wasm'), source]);
    writeFileSync(join(folder, 'words.txt'), 'the cat and the hat and the bat\n');
    writeFileSync(join(folder, 'dockerwasm.yaml'), 'native: wordfreq\nwasm: wordfreq.wasm\nargs: [words.txt, 3]\nfiles: [words.txt]\n');
    const dir = tempResults('pair');
    const { code, stdout, stderr } = await runCli(['compare', '--samples', '1', '--warmup', '0', '--out', dir, '--out-anywhere', folder]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/stdout head "8 words, 5 distinct…"/);
    const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
    for (const variant of document.summary.variants) expect(variant.samples, `${variant.name}: ${JSON.stringify(variant.failed)}`).toBe(1);
  });

  it('a program that prints the json-line result gets its runs split into overhead and compute', async () => {
    const folder = folderWith({
      'dockerwasm.yaml': 'result: json-line\nargs: ["3000000"]\n',
      'sum.c': [
        '#include <stdio.h>',
        '#include <stdlib.h>',
        '#include <time.h>',
        'static volatile unsigned long long sink;',
        'static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }',
        'int main(int argc, char **argv) {',
        '  long n = argc > 1 ? atol(argv[1]) : 1000;',
        '  double start = now_ms();',
        '  unsigned long long h = 1469598103934665603ULL;',
        '  for (long i = 0; i < n; i++) h = (h ^ (unsigned long long)(i % 251)) * 1099511628211ULL;',
        '  sink = h; /* a volatile store: the loop cannot be moved past the second clock read */',
        '  double took = now_ms() - start;',
        '  printf("{\\"algorithm\\": \\"fnv\\", \\"n\\": %ld, \\"compute_ms\\": %.3f, \\"digest\\": \\"%016llx\\", \\"result\\": {\\"hash\\": \\"%016llx\\"}}\\n", n, took, h, h);',
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    });
    const dir = tempResults('json-line');
    const { code, stdout, stderr } = await runCli(['compare', '--samples', '2', '--warmup', '1', '--out', dir, '--out-anywhere', folder]);
    expect(code, stderr).toBe(0);
    expect(stdout).not.toMatch(/Run time only/);
    expect(stdout).toMatch(/of overhead \(create, start/);
    const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
    for (const variant of document.summary.variants) {
      expect(variant.samples, `${variant.name}: ${JSON.stringify(variant.failed)}`).toBe(2);
      expect(variant.compute?.mean, variant.name).toBeGreaterThan(0);
      expect(variant.overhead?.mean, variant.name).toBeGreaterThan(0);
    }
  });
});

describe('what a program that cannot run as Wasm gets (real engine)', () => {
  it('one that does not compile for wasm32 stops before any container, with the compiler\'s words: exit 7', async () => {
    const folder = folderWith({ 'main.c': '#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("%d\\n", fork() > 0); return 0; }\n' });
    const before = await engineState();
    const { code, stderr } = await runCli(['compare', '--samples', '1', '--out', tempResults('fork'), '--out-anywhere', folder]);
    expect(code, stderr).toBe(7);
    expect(stderr).toMatch(/clang \(wasm32-wasi\) of dockerwasm-program-\w+ failed: .*call to undeclared function 'fork'/);
    expect(stderr).toMatch(/WASI preview 1 has no processes/);
    expect(stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(await engineState()).toEqual(before);
  });

  it('one that exits non-zero natively is refused before measuring: exit 8', async () => {
    const folder = folderWith({ 'main.c': '#include <stdio.h>\nint main(void) { fprintf(stderr, "cannot find config.ini\\n"); return 3; }\n' });
    const before = await engineState();
    const { code, stderr } = await runCli(['compare', '--samples', '1', '--out', tempResults('exits'), '--out-anywhere', folder]);
    expect(code, stderr).toBe(8);
    expect(stderr).toMatch(/exits 3 natively, with no arguments/);
    expect(stderr).toMatch(/cannot find config.ini/);
    expect(await engineState()).toEqual(before);
  });

  it('a missing toolchain names its package: exit 9', async () => {
    const folder = folderWith({ 'go.mod': 'module example.com/hello\n\ngo 1.21\n', 'main.go': 'package main\n\nfunc main() { println("hi") }\n' });
    const { code, stderr } = await runCli(['compare', '--samples', '1', '--out', tempResults('no-go'), '--out-anywhere', folder], { DOCKERWASM_GO: '/nonexistent/go' });
    expect(code, stderr).toBe(9);
    expect(stderr).toMatch(/is a Go program, and no Go was found at \/nonexistent\/go/);
    expect(stderr).toMatch(/apt-get install golang-go/);
  });

  it('one that builds but fails at run time in Wasm: each Wasm sample fails with its stderr, runc is still measured', async () => {
    // a Rust program that starts a thread: it builds for wasm32-wasip1, whose standard library cannot spawn one
    const folder = folderWith({
      'Cargo.toml': '[package]\nname = "spawns"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n',
      'src/main.rs': 'fn main() {\n    let worker = std::thread::spawn(|| 6 * 7);\n    println!("{}", worker.join().unwrap());\n}\n',
    });
    const dir = tempResults('spawns');
    const before = await engineState();
    const { code, stderr } = await runCli(['compare', '--samples', '1', '--warmup', '0', '--out', dir, '--out-anywhere', folder]);
    expect(code, stderr).toBe(0);
    const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
    const runc = document.summary.variants.find((v) => v.name === 'runc')!;
    expect(runc.samples).toBe(1);
    for (const variant of document.summary.variants.filter((v) => v.kind === 'wasm')) {
      expect(variant.samples, variant.name).toBe(0);
      expect(variant.failed.length, variant.name).toBe(1);
    }
    // each Wasm sample's record keeps the tail of its stderr: the standard library's own words
    const failedRuns = readSamples(dir, 'compare').records.filter((r) => r.type === 'run' && r.phase === 'sample' && r.variant !== 'runc');
    expect(failedRuns.length).toBe(3);
    for (const run of failedRuns) expect(run.type === 'run' && run.stderrTail, run.type === 'run' ? run.variant : '').toMatch(/failed to spawn thread.*operation not supported/);
    expect(await engineState()).toEqual(before);
  });
});
