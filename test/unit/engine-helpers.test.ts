import { describe, expect, it } from 'vitest';
import { demultiplexLogs, workingSetBytes } from '../../src/engine/docker-engine.js';
import { isLocalEndpoint, resolveEndpoint } from '../../src/engine/endpoint.js';
import { missingShimReason, findProfile } from '../../src/profiles/profiles.js';

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('engine helpers', () => {
  it('splits multiplexed logs into stdout and stderr', () => {
    expect(demultiplexLogs(Buffer.concat([frame(1, 'out1\n'), frame(2, 'err\n'), frame(1, 'out2\n')]))).toEqual({ stdout: 'out1\nout2\n', stderr: 'err\n' });
    expect(demultiplexLogs(Buffer.from('plain tty output'))).toEqual({ stdout: 'plain tty output', stderr: '' });
  });

  it('counts memory as docker stats does: usage minus inactive file cache', () => {
    expect(workingSetBytes({ usage: 1_200_000_000, stats: { total_inactive_file: 1_150_000_000 } })).toBe(50_000_000);
    expect(workingSetBytes({ usage: 80, stats: { inactive_file: 30 } })).toBe(50);
    expect(workingSetBytes({ usage: 10 })).toBe(10);
    expect(workingSetBytes(undefined)).toBeNull();
  });

  it('finds the engine as the docker CLI does', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'unix:///tmp/x.sock' })).toMatchObject({ host: 'unix:///tmp/x.sock', origin: 'DOCKER_HOST', socketPath: '/tmp/x.sock' });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.2:2375' })).toMatchObject({ tcp: { host: '10.0.0.2', port: 2375, protocol: 'http' } });
    expect(isLocalEndpoint(resolveEndpoint({ DOCKER_HOST: 'tcp://10.0.0.2:2375' }))).toBe(false);
    expect(isLocalEndpoint(resolveEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }))).toBe(true);
  });

  it('recognises a missing shim in the engine\'s words', () => {
    const spin = findProfile('io.containerd.spin.v2')!;
    const message = 'failed to create task for container: failed to start shim: failed to resolve runtime path: runtime "io.containerd.spin.v2" binary not installed "containerd-shim-spin-v2": file does not exist: unknown';
    expect(missingShimReason(spin, message)).toBe("containerd-shim-spin-v2 not found on dockerd's PATH");
    expect(missingShimReason(spin, 'out of memory')).toBeUndefined();
    expect(missingShimReason(findProfile('runc')!, message)).toBeUndefined();
  });
});
