import type { Command } from 'commander';
import { cgroupAccounting } from '../../engine/cgroup-accounting.js';
import Table from 'cli-table3';
import { monotonicMs } from '../../io/clock.js';
import { builderChoices, type BuilderChoice } from '../../config/compare-settings.js';
import { chooseBuilder } from '../../engine/builders.js';
import { liveRunName, liveRuns, type LiveRun } from '../../engine/live-runs.js';
import type { EngineInfo } from '../../engine/types.js';
import { DockerwasmError } from '../../errors.js';
import { probeRuntimes, type RuntimeStatus } from '../../profiles/probe.js';
import { profileNames, runtimeProfiles } from '../../profiles/profiles.js';
import { standaloneRuntimes } from '../../standalone/runtimes.js';
import { findRuntimes } from '../../standalone/find-runtimes.js';
import { withEngine } from '../engine-session.js';
import { interruptSignal } from '../interrupts.js';
import { availabilityTable } from '../runtime-availability.js';
import { nameList, oneOf } from '../options.js';
import { createUi } from '../ui.js';

interface DoctorOptions {
  json?: boolean;
  builder: BuilderChoice;
  require?: string[] | 'all';
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'Reports the Docker engine (host, version, API, image store, OS/arch, CPUs, memory) and, for each runtime ' +
        'profile, whether it is available and a live probe: a tiny hello image is built, run under the profile, ' +
        'its output checked and its run (create to exit) timed. Probe images and containers are removed after. ' +
        'Live runs: other dockerwasm processes measuring on this engine now (found by their labels); figures they and you measure meanwhile share the machine. ' +
        'Then the standalone runtimes of `dockerwasm runtimes`: each one\'s version, where it came from, and whether it runs a tiny WASI module.',
    )
    .option('--json', 'print {"engine", "runtimes", "liveRuns", "standaloneRuntimes"} as JSON on stdout')
    .option('--builder <name>', `how to build the probe images: ${builderChoices.join(', ')}`, oneOf('--builder', builderChoices), 'auto')
    .option('--require <profiles>', 'exit 6 unless these profiles pass their probe (a,b or all)', nameList('--require', profileNames))
    .addHelpText('after', `\nProfiles: ${profileNames.join(', ')}\nExample: dockerwasm doctor --require runc,crun-wasmedge,io.containerd.wasmtime.v1`)
    .action(async (options: DoctorOptions) => {
      const ui = createUi();
      const report = await withEngine(async ({ engine, registry, signal }) => {
        const info = await engine.info();
        ui.info(`engine: Docker ${info.serverVersion} (API ${info.apiVersion}) at ${info.host}`);
        const builder = await chooseBuilder(options.builder, info, (line) => ui.info(line));
        const runtimes = await probeRuntimes(
          { engine, info, builder, registry, clock: monotonicMs, signal, onProgress: (line) => ui.info(`  ${line}`) },
          runtimeProfiles,
        );
        return { engine: { ...info, builder }, runtimes, liveRuns: await liveRuns(engine) };
      });
      ui.info('standalone runtimes (`dockerwasm runtimes`): trying each on a tiny WASI module');
      const standalone = await findRuntimes(standaloneRuntimes, { signal: interruptSignal });
      if (options.json) ui.data(JSON.stringify({ ...report, standaloneRuntimes: standalone }, null, 2));
      else ui.data(`${renderDoctor(report.engine, report.runtimes, report.liveRuns)}\n\nStandalone runtimes (outside containers: dockerwasm runtimes)\n${availabilityTable(standalone)}`);
      const required = options.require === 'all' ? profileNames : (options.require ?? []);
      const failing = required.filter((name) => !report.runtimes.find((r) => r.name === name)?.probe?.ok);
      if (failing.length > 0) {
        throw new DockerwasmError('RUNTIME_UNAVAILABLE', `required runtime profile${failing.length > 1 ? 's' : ''} not working: ${failing.join(', ')}`);
      }
    });
}

function renderDoctor(engine: EngineInfo & { builder: string }, runtimes: RuntimeStatus[], live: LiveRun[]): string {
  const lines = [
    `Engine       ${engine.host}`,
    `Version      Docker ${engine.serverVersion}, API ${engine.apiVersion}${engine.containerdVersion ? `, containerd ${engine.containerdVersion}` : ''}`,
    `Image store  ${engine.imageStore === 'containerd' ? 'containerd (wasi/wasm images supported)' : `${engine.storageDriver} (no containerd image store: Wasm shims cannot run wasi/wasm images)`}`,
    `System       ${engine.operatingSystem}, ${engine.os}/${engine.arch}, kernel ${engine.kernel}, cgroup v${engine.cgroupVersion}`,
    `Resources    ${engine.cpus} CPUs, ${gib(engine.memoryBytes)}`,
    `CPU time     ${cgroupAccounting(engine).description}`,
    `Runtimes     ${engine.runtimes.join(', ')} (default ${engine.defaultRuntime})`,
    `Builder      ${engine.builder}`,
    `Live runs    ${live.length === 0 ? 'none (no other dockerwasm process is measuring on this engine)' : live.map((l) => `${liveRunName(l)}: ${l.containers} container(s), ${l.images} image(s)`).join('; ')}`,
    '',
  ];
  const table = new Table({ head: ['profile', 'kind', 'available', 'probe', 'ms', 'exit codes', 'reason'], style: { head: [], border: [] } });
  for (const runtime of runtimes) {
    table.push([
      runtime.name,
      runtime.kind,
      runtime.available ? 'yes' : 'no',
      runtime.probe === null ? '-' : runtime.probe.ok ? 'ok' : 'FAILED',
      runtime.probe?.ms == null ? '-' : runtime.probe.ms.toFixed(0),
      // checked for the Wasm profiles only (an exit-7 module); runc is the reference, not a suspect
      runtime.exitCodes ?? (runtime.kind === 'native' && runtime.probe?.ok ? 'not checked' : '-'),
      runtime.reason ?? (runtime.exitCodes === 'lost' ? "a guest's exit code is not the container's: judge runs by their output" : ''),
    ]);
  }
  return lines.join('\n') + table.toString();
}
