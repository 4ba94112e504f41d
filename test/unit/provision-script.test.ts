// The provisioning scripts refuse what they cannot do in one line, before changing anything, and teach with --help.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'provision-engine.sh');

describe('scripts/provision-engine.sh', () => {
  it('refuses Ubuntu with one line and exit 1, before it installs or writes anything', async () => {
    const osRelease = join(mkdtempSync(join(tmpdir(), 'os-release-')), 'os-release');
    writeFileSync(osRelease, 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=noble\n');
    // PATH without apt-get or dockerd: reaching any step that changes the system would fail differently
    const result = await execa('bash', [script, '--yes', '--no-start'], { reject: false, env: { DOCKERWASM_OS_RELEASE: osRelease, PATH: '/usr/bin:/bin' } });
    expect(process.getuid?.(), 'this test needs root: as another user the script stops at its root check first').toBe(0);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^\[provision\] error: this script supports Debian only \(found 'Ubuntu 24.04 LTS'\)/)]);
  });

  it('--help prints its comment block and nothing of the code', async () => {
    const result = await execa('bash', [script, '--help']);
    expect(result.stdout).toMatch(/^Provision a Docker engine that runs Wasm/);
    expect(result.stdout).toMatch(/--yes +do not ask/);
    expect(result.stdout).not.toMatch(/set -euo pipefail/);
  });
});

describe('scripts/provision-runtimes.sh', () => {
  const runtimes = join(import.meta.dirname, '..', '..', 'scripts', 'provision-runtimes.sh');

  it('--help prints its comment block: every runtime, where it comes from, and the options', async () => {
    const result = await execa('bash', [runtimes, '--help']);
    expect(result.stdout).toMatch(/^Install the standalone WebAssembly runtimes/);
    for (const name of ['wasm3', 'wasmer', 'graalwasm', 'wazero']) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(result.stdout).toMatch(/--yes +do not ask/);
    expect(result.stdout).not.toMatch(/set -euo pipefail/);
  });

  it('refuses an unknown option or runtime in one line, before changing anything', async () => {
    const option = await execa('bash', [runtimes, '--yes', '--bogus'], { reject: false });
    expect(option.exitCode).toBe(1);
    expect(option.stderr.trim().split('\n')).toEqual(["[runtimes] error: unknown option '--bogus' (try --help)"]);
    const runtime = await execa('bash', [runtimes, '--yes', '--only', 'wavm'], { reject: false });
    expect(runtime.stderr.trim().split('\n')).toEqual(['[runtimes] error: unknown runtime \'wavm\' (known: wasm3 wasmer graalwasm wazero)']);
  });

  it('without --yes and without a terminal it changes nothing and says how to go on', async () => {
    const prefix = mkdtempSync(join(tmpdir(), 'runtimes-prefix-'));
    const result = await execa('bash', [runtimes, '--prefix', join(prefix, 'p')], { reject: false, stdin: 'ignore' });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/--yes/);
    expect(readdirSync(prefix)).toEqual([]);
  });
});
