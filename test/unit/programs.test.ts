// A user's program as a workload: what its folder and dockerwasm.yaml say, the mistakes refused in one go,
// the builds made elsewhere checked before anything is built, its stdout as its result, and what it needs
// (files, environment) in images and on standalone runtimes.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { imageContext } from '../../src/dockerfiles/build-contexts.js';
import { checkRunsOnBase } from '../../src/guests/check-native.js';
import { readGuestResult, stdoutDifference, stdoutResult } from '../../src/results/guest-result.js';
import { commandArgs, programSkipReason, standaloneRuntimes } from '../../src/standalone/runtimes.js';
import { readElf } from '../../src/workloads/elf.js';
import { prebuiltDefinition, programDefinition } from '../../src/workloads/program.js';
import { completeWorkload, definitionOf, guestArguments, workloadLabel } from '../../src/workloads/workload.js';
import { fakeGuestBuild } from '../fakes/fake-guest.js';
import { folderWith } from '../fakes/program-folder.js';
import { tarEntries } from '../fakes/tar-entries.js';


const examples = resolve(import.meta.dirname, '..', '..', 'examples');

function refusal(run: () => unknown): { code: string; message: string; details: string[]; hint?: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; details: string[]; hint?: string };
  }
  throw new Error('expected a refusal');
}

describe("a program's folder", () => {
  it('is a workload of the language its files show, with what dockerwasm.yaml adds', () => {
    const c = programDefinition(join(examples, 'c-wordfreq'));
    expect(c.source).toMatchObject({ language: 'c', files: ['wordfreq.c'], flags: [] });
    expect(c.run).toMatchObject({ args: ['input.txt', '20', '200'], files: ['input.txt'], env: [] });
    expect(c.result).toBe('stdout');
    expect(programDefinition(join(examples, 'go-deflate')).source).toMatchObject({ language: 'go', package: '.' });
    expect(programDefinition(join(examples, 'rust-jsonstats')).source).toMatchObject({ language: 'rust' });
    const workload = completeWorkload({ algorithm: '', program: join(examples, 'c-wordfreq') });
    expect(workloadLabel(workload)).toBe('c-wordfreq');
    expect(definitionOf(workload).name).toBe('c-wordfreq');
    expect(guestArguments(workload)).toEqual(['input.txt', '20', '200']);
    expect(guestArguments({ ...workload, args: ['input.txt', '3'] }), 'the command line replaces the arguments').toEqual(['input.txt', '3']);
  });

  it('without anything to build says what it can do instead', () => {
    const error = refusal(() => programDefinition(folderWith({ 'README.md': 'hi' })));
    expect(error.code).toBe('USAGE');
    expect(error.message).toMatch(/holds no Cargo.toml, go.mod or \*.c/);
    expect(error.hint).toMatch(/--native <executable> --wasm <module.wasm>/);
  });

  it("lists every mistake of a dockerwasm.yaml at once, with each key's path", () => {
    const folder = folderWith({ 'main.c': 'int main(void) { return 0; }', 'dockerwasm.yaml': 'name: My Program\nargs: {a: 1}\nfiles: [../etc/passwd]\ntimeout: 0\nresult: json\nthreads: 4\n' });
    const error = refusal(() => programDefinition(folder));
    expect(error.message).toMatch(/dockerwasm.yaml has 6 mistakes/);
    expect(error.details.join('\n')).toMatch(/name: lower-case letters/);
    for (const key of ['args', 'files[0]', 'timeout', 'result', "unknown key 'threads'"]) expect(error.details.join('\n')).toContain(key);
    const notYaml = refusal(() => programDefinition(folderWith({ 'main.c': '', 'dockerwasm.yaml': 'args: [a, b\n' })));
    expect(notYaml.message).toMatch(/is not valid YAML/);
  });

  it('refuses a file it reads that is not there, and the name of a built-in workload', () => {
    expect(refusal(() => programDefinition(folderWith({ 'main.c': '', 'dockerwasm.yaml': 'files: [data.csv]\n' }))).details).toEqual(['data.csv']);
    expect(refusal(() => programDefinition(folderWith({ 'main.c': '', 'dockerwasm.yaml': 'name: tree\n' }))).message).toMatch(/tree is the name of a built-in workload/);
  });

  it('may name two builds made elsewhere (any language), checked as --native and --wasm are', () => {
    const folder = folderWith({ 'dockerwasm.yaml': 'native: bin/app\nwasm: app.wasm\nfiles: [in.txt]\n', 'in.txt': 'x', 'app.wasm': '\0asm\u0001\0\0\0' });
    mkdirSync(join(folder, 'bin'));
    copyFileSync('/bin/true', join(folder, 'bin', 'app'));
    const definition = programDefinition(folder);
    expect(definition.source).toEqual({ language: 'prebuilt', native: join(folder, 'bin', 'app'), wasm: join(folder, 'app.wasm'), folder });
    expect(definition.run.files).toEqual(['in.txt']);
    const oneOfTwo = refusal(() => programDefinition(folderWith({ 'dockerwasm.yaml': 'native: app\n' })));
    expect(oneOfTwo.details.join('\n')).toMatch(/names both native: and wasm:/);
  });
});

describe('builds made elsewhere (--native, --wasm)', () => {
  it('refuses a native file that is not an executable and a module without the wasm header', () => {
    const folder = folderWith({ 'notes.txt': 'not a program', 'm.wasm': 'not wasm' });
    expect(refusal(() => prebuiltDefinition(join(folder, 'notes.txt'), join(folder, 'm.wasm'))).message).toMatch(/--native .*notes.txt: not an ELF executable/);
    expect(refusal(() => prebuiltDefinition('/bin/true', join(folder, 'm.wasm'))).message).toMatch(/--wasm .*m.wasm: not a WebAssembly module/);
    expect(refusal(() => prebuiltDefinition('/nonexistent/app', join(folder, 'm.wasm'))).code).toBe('INPUT');
  });

  it("refuses a dynamically linked executable on a base without its loader, before building", () => {
    const elf = readElf('/bin/true');
    expect(typeof elf === 'object' && elf.interpreter).toMatch(/ld-linux/);
    const folder = folderWith({ 'm.wasm': '\0asm\u0001\0\0\0' });
    const definition = prebuiltDefinition('/bin/true', join(folder, 'm.wasm'));
    const error = refusal(() => checkRunsOnBase(definition, 'alpine:3.20'));
    expect(error.message).toMatch(/is dynamically linked \(it needs \/lib64\/ld-linux-x86-64.so.2\), which the Linux base alpine:3.20 does not have \(musl\)/);
    expect(error.hint).toMatch(/--base debian:bookworm-slim/);
    expect(() => checkRunsOnBase(definition, 'debian:bookworm-slim')).not.toThrow();
  });
});

describe("a program's stdout as its result", () => {
  it('is kept as a digest, a size, a line count and its first bytes', () => {
    const result = stdoutResult('wordfreq', 'a 2\nb 1\n');
    expect(result).toMatchObject({ algorithm: 'wordfreq', n: 8, result: { stdout_bytes: 8, stdout_lines: 2, stdout_head: 'a 2\nb 1\n' } });
    expect(result.digest).toBe(createHash('sha256').update('a 2\nb 1\n').digest('hex'));
    expect(stdoutResult('x', 'a 2\nb 2\n').digest).not.toBe(result.digest);
    expect(stdoutResult('x', 'y'.repeat(2000)).result.stdout_head).toHaveLength(512);
    expect(stdoutResult('x', '').result.stdout_lines).toBe(0);
    expect(readGuestResult('stdout', 'x', '{"not": "parsed"}')!.result.stdout_bytes).toBe(17);
    expect(readGuestResult('json-line', 'x', 'no result line')).toBeNull();
  });

  it('a result that differs says where: the characters around the first difference, or the sizes past the kept bytes', () => {
    const native = stdoutResult('p', 'total 1,204 orders\nnorth 311\n');
    expect(stdoutDifference(stdoutResult('p', 'total 1,204 orders\nnorth 310\n'), native)).toBe(
      'stdout differs at character 27: " orders\\nnorth 310\\n" where the reference has " orders\\nnorth 311\\n"',
    );
    const long = 'x'.repeat(600);
    expect(stdoutDifference(stdoutResult('p', `${long}a`), stdoutResult('p', `${long}ab`))).toBe('the first 512 characters are the same; stdout is 601 bytes where the reference\'s is 602');
    expect(stdoutDifference({ ...native, result: { r2: 0.4 } }, native), 'a json-line result has no stdout kept').toBeNull();
  });
});

describe('what a program needs, where it runs', () => {
  it('its files go into the Linux image at its working directory, and to / in the Wasm image', async () => {
    const definition = programDefinition(join(examples, 'c-wordfreq'));
    for (const [image, file] of [['linux', 'c-wordfreq'], ['wasm', 'c-wordfreq.wasm']] as const) {
      const tar = await imageContext('prebuilt', definition, image, fakeGuestBuild('c-wordfreq', ['native', 'wasm']));
      const context = await tarEntries(tar);
      const names = [...context.keys()];
      const dockerfile = context.get('Dockerfile')!.text;
      expect(names.sort()).toEqual(['Dockerfile', file, 'input.txt'].sort());
      expect(dockerfile).toContain('COPY ["input.txt","/input.txt"]');
      if (image === 'linux') expect(dockerfile).toMatch(/WORKDIR \//);
    }
  });

  it('standalone runtimes get its folder and environment before the module; those that cannot are skipped, saying why', () => {
    const byName = (name: string) => standaloneRuntimes.find((r) => r.name === name)!;
    const needs = { dir: '/work/p', env: ['MODE=fast'] };
    expect(commandArgs(byName('wasmtime'), { module: 'p.wasm' }, ['in.txt'], 2, needs)).toEqual(['--dir', '/work/p', '--env', 'MODE=fast', 'p.wasm', 'in.txt']);
    expect(commandArgs(byName('wasmedge-aot'), { module: 'p.aot.wasm' }, ['in.txt'], 2, needs)).toEqual(['--dir', '/:/work/p', '--env', 'MODE=fast', 'p.aot.wasm', 'in.txt']);
    expect(commandArgs(byName('wasmtime'), { module: 'p.wasm' }, ['in.txt'])).toEqual(['p.wasm', 'in.txt']);
    expect(programSkipReason(byName('wasm3'), needs)).toMatch(/gives a module no folder/);
    expect(programSkipReason(byName('wasm3'), { env: [] })).toBeNull();
    expect(programSkipReason(byName('node'), needs)).toBeNull();
  });
});
