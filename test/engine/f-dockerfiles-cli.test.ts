// The generated Dockerfiles, as a user following the README uses them: each built with the docker CLI
// exactly as its own `# Build:` line says, and the image run with `docker run` (under each Wasm runtime
// that runs it), printing the same result line and digest as the Linux image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { guestArguments, type Workload } from '../../src/workloads/workload.js';
import { resolveLinuxBase, standInBase } from '../../src/engine/base-image.js';
import { CleanupRegistry } from '../../src/engine/cleanup.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { labelsFor, sessionId } from '../../src/engine/labels.js';
import { buildGuest } from '../../src/guests/build-guest.js';
import { findToolchain } from '../../src/guests/toolchain.js';
import { projectRoot } from './cli.js';
import { parseGuestResult } from '../../src/results/guest-result.js';

const engine = new DockerEngine();
const registry = new CleanupRegistry(engine);
afterAll(async () => {
  expect(await registry.disposeAll()).toEqual([]);
});

const labelFlags = Object.entries(labelsFor('test')).flatMap(([key, value]) => ['--label', `${key}=${value}`]);

/** How each image runs, as `docker run` flags: the Linux image plainly, each Wasm image under the runtimes made for it. */
const runs: Record<string, { name: string; flags: string[] }[]> = {
  linux: [{ name: 'docker run', flags: [] }],
  wasm: [{ name: 'wasmtime shim', flags: ['--runtime', 'io.containerd.wasmtime.v1', '--platform', 'wasi/wasm'] }],
  'wasm-aot': [
    { name: 'WasmEdge shim', flags: ['--runtime', 'io.containerd.wasmedge.v1', '--platform', 'wasi/wasm'] },
    { name: "crun's WasmEdge handler", flags: ['--runtime', 'crun', '--annotation', 'run.oci.handler=wasm', '--platform', 'wasi/wasm'] },
  ],
  'wasm-cwasm': [{ name: 'wasmtime shim', flags: ['--runtime', 'io.containerd.wasmtime.v1', '--platform', 'wasi/wasm'] }],
};

/** The `# Build:` line of a generated Dockerfile, its placeholders filled in, as argv. */
function buildCommand(dockerfile: string, artifactFolder: string, base: string): string[] {
  const line = readFileSync(dockerfile, 'utf8').split('\n').find((l) => l.startsWith('# Build: '));
  expect(line, `${dockerfile} has a "# Build:" line`).toBeDefined();
  // alpine cannot be pulled here: the Linux image's BASE is the stand-in the tool itself uses then
  const filled = line!.slice('# Build: '.length).replace('<this file>', dockerfile).replace('<artifact folder>', artifactFolder).replace('BASE=alpine:3.20', `BASE=${base}`);
  expect(filled).not.toMatch(/[<>]/);
  return filled.split(' ');
}

const workloads: Workload[] = [
  { algorithm: 'kmeans', observations: 1_000 },
  { algorithm: 'linreg', dataset: 'iris' },
  { algorithm: 'tree', rows: 2_000 },
];

describe('the generated Dockerfiles, built and run with the docker CLI (real engine)', () => {
  it.each(workloads)('$algorithm: every image builds as its header says and runs with docker run, with one digest', async (workload) => {
    const guest = await buildGuest(workload, { toolchain: await findToolchain() });
    const base = await resolveLinuxBase(engine, { configured: standInBase });
    const digests = new Map<string, string>();
    for (const [image, ways] of Object.entries(runs)) {
      const tag = `dockerwasm/test-cli-${guest.key}-${image}:${sessionId}`;
      const [docker, ...args] = buildCommand(join(projectRoot, 'dockerfiles', workload.algorithm, `Dockerfile.${image}`), guest.folder, base.reference);
      expect(docker).toBe('docker');
      registry.image(tag);
      const build = await execa('docker', [...args.slice(0, 1), '-q', '-t', tag, ...labelFlags, ...args.slice(1)], { reject: false });
      expect(build.exitCode, `docker ${args.join(' ')}: ${build.stderr}`).toBe(0);
      for (const way of ways) {
        const run = await execa('docker', ['run', '--rm', '--network', 'none', ...labelFlags, ...way.flags, tag, ...guestArguments(workload)], { reject: false });
        const result = parseGuestResult(run.stdout);
        expect(result, `${image} under ${way.name}: ${run.stderr}`).not.toBeNull();
        digests.set(`${image} (${way.name})`, result!.digest);
      }
    }
    expect(digests.size).toBe(5);
    expect(new Set(digests.values()).size, JSON.stringify(Object.fromEntries(digests))).toBe(1);
  });
});
