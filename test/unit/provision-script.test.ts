// scripts/provision-engine.sh refuses a system it does not support in one line, before changing anything.
import { mkdtempSync, writeFileSync } from 'node:fs';
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
