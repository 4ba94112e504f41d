// dockerwasm clean: removes what earlier runs left (labelled containers; images with --images), spares
// a run still going on this host, and --dry-run removes nothing.
import { describe, expect, it } from 'vitest';
import { makeContextTar } from '../../src/engine/build-context.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { labelsFor, ownerLabel, sessionLabel } from '../../src/engine/labels.js';
import { helloWasm } from '../../src/engine/probe/probe-payloads.js';
import { runCli } from './cli.js';

const engine = new DockerEngine();

describe('dockerwasm clean (real engine)', () => {
  it('removes leftovers of dead runs, spares a live one, and lists without removing on --dry-run', async () => {
    const tag = 'dockerwasm/test-leftover:clean';
    const context = await makeContextTar([
      { path: 'Dockerfile', data: 'FROM scratch\nCOPY hello.wasm /hello.wasm\nENTRYPOINT ["/hello.wasm"]\n' },
      { path: 'hello.wasm', data: helloWasm },
    ]);
    const dead = { ...labelsFor('test'), [sessionLabel]: 'dead-session', [ownerLabel]: 'no-such-host:1' };
    await engine.buildImage({ tag, platform: 'wasi/wasm', context, dockerfile: 'Dockerfile', labels: dead, noCache: false, builder: 'buildkit' });
    const leftover = await engine.createContainer({ image: tag, labels: dead, networkMode: 'none' });
    // a container whose owner is a live process on this host (this test runner) must be spared
    const live = await engine.createContainer({ image: tag, labels: { ...labelsFor('test'), [ownerLabel]: `${(await import('node:os')).hostname()}:${process.pid}` }, networkMode: 'none' });
    try {
      const dry = await runCli(['clean', '--images', '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      const listed = JSON.parse(dry.stdout);
      expect(listed.dryRun).toBe(true);
      expect(listed.docker.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([leftover, live]));
      expect((await engine.listContainers(`${sessionLabel}=dead-session`)).length).toBe(1);

      const cleaned = await runCli(['clean', '--images', '--json']);
      expect(cleaned.code, cleaned.stderr).toBe(0);
      const done = JSON.parse(cleaned.stdout).docker as { id: string; removed?: boolean; kept?: string; names: string[] }[];
      expect(done.find((i) => i.id === leftover)).toMatchObject({ removed: true });
      expect(done.find((i) => i.id === live)!.kept).toMatch(/still going/);
      expect((await engine.listContainers(`${sessionLabel}=dead-session`)).length).toBe(0);
    } finally {
      await engine.removeContainer(live);
      // clean could not remove the image while the live container used it; with the containerd image store
      // the engine then keeps it untagged ("dangling"), so remove it by id
      for (const image of await engine.listImages(`${sessionLabel}=dead-session`)) await engine.removeImage(image.id);
    }
    expect(await engine.listImages(`${sessionLabel}=dead-session`)).toEqual([]);
  });
});
