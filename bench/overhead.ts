// Harness overhead: dockerwasm's own cost per sample beyond what Docker takes. A no-op container (the
// probe images: hello, natively and as Wasm) is run N times by dockerwasm's sampler and N times by
// `docker run --rm` timed by hyperfine, in the same session, same image, same runtime, network none.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { mean } from 'simple-statistics';
import { monotonicMs } from '../src/io/clock.js';
import { linuxPlatform, wasmPlatform } from '../src/engine/builders.js';
import type { CleanupRegistry } from '../src/engine/cleanup.js';
import { labelsFor, sessionId } from '../src/engine/labels.js';
import { helloWasm, helloX86_64 } from '../src/engine/probe/probe-payloads.js';
import { runContainer } from '../src/engine/run-container.js';
import { buildScratchImage } from '../src/engine/scratch-image.js';
import type { ContainerEngine } from '../src/engine/types.js';
import type { RuntimeProfile } from '../src/profiles/profiles.js';
import { describe, type Description } from '../src/stats/describe.js';

export interface OverheadRow {
  runtime: string;
  /** dockerwasm: create to exit */
  runMs: Description;
  /** dockerwasm: the whole sample, create to removed (what the harness costs per sample) */
  sampleMs: Description;
  /** hyperfine: `docker run --rm` */
  dockerRunMs: Description;
  /** sampleMs.mean / dockerRunMs.mean */
  ratio: number;
  command: string;
}

async function buildNoop(engine: ContainerEngine, registry: CleanupRegistry, kind: 'native' | 'wasm'): Promise<string> {
  const info = await engine.info();
  return buildScratchImage(engine, registry, {
    tag: `dockerwasm/bench-noop-${kind}:${sessionId}`,
    file: kind === 'native' ? 'hello' : 'hello.wasm',
    data: kind === 'native' ? helloX86_64 : helloWasm,
    mode: 0o755,
    platform: kind === 'native' ? linuxPlatform(info) : wasmPlatform('buildkit', info),
    builder: 'buildkit',
    labels: labelsFor('test'),
  });
}

export async function measureOverhead(options: {
  engine: ContainerEngine;
  registry: CleanupRegistry;
  profiles: RuntimeProfile[];
  runs: number;
  scratch: string;
  say: (line: string) => void;
}): Promise<OverheadRow[]> {
  const { engine, registry, runs } = options;
  const images = { native: await buildNoop(engine, registry, 'native'), wasm: await buildNoop(engine, registry, 'wasm') };
  const rows: OverheadRow[] = [];
  for (const profile of options.profiles) {
    const image = images[profile.kind];
    const spec = { image, labels: labelsFor('test'), runtime: profile.runtime, ...(profile.annotations ? { annotations: profile.annotations } : {}), networkMode: 'none' as const };
    const run: number[] = [];
    const sample: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const started = monotonicMs();
      const m = await runContainer(engine, spec, { clock: monotonicMs, timeoutMs: 60_000, registry, watchMemory: false });
      const wall = monotonicMs() - started;
      if (m.outcome !== 'ok' && !(profile.name === 'crun-wasmedge' && m.stdout.includes('probe ok'))) throw new Error(`${profile.name}: ${m.error}`);
      if (i >= 2) {
        run.push(m.totalMs!);
        sample.push(wall);
      }
    }
    const dockerArgs = ['docker', 'run', '--rm', '--network', 'none', '--runtime', profile.runtime];
    for (const [key, value] of Object.entries(profile.annotations ?? {})) dockerArgs.push('--annotation', `${key}=${value}`);
    if (profile.kind === 'wasm') dockerArgs.push('--platform', 'wasi/wasm');
    dockerArgs.push(image);
    const command = dockerArgs.join(' ');
    const exported = join(options.scratch, `hyperfine-${profile.name}.json`);
    options.say(`  hyperfine: ${command}`);
    await execa('hyperfine', ['--warmup', '2', '--runs', String(runs), '--export-json', exported, '--style', 'none', '--command-name', profile.name, command], { stdio: ['ignore', 'ignore', 'inherit'] });
    const times = (JSON.parse(await readFile(exported, 'utf8')) as { results: { times: number[] }[] }).results[0]!.times.map((s) => s * 1000);
    const runMs = describe(run)!;
    const sampleMs = describe(sample)!;
    const dockerRunMs = describe(times)!;
    rows.push({ runtime: profile.name, runMs, sampleMs, dockerRunMs, ratio: mean(sample) / mean(times), command });
    options.say(`  ${profile.name}: dockerwasm sample ${sampleMs.mean.toFixed(0)} ms (run ${runMs.mean.toFixed(0)} ms) vs docker run --rm ${dockerRunMs.mean.toFixed(0)} ms: ${(rows.at(-1)!.ratio).toFixed(3)}x`);
  }
  return rows;
}
