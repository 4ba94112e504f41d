import type { Command } from 'commander';
import Table from 'cli-table3';
import { relative } from 'node:path';
import { buildGuest } from '../../guests/build-guest.js';
import { findToolchain } from '../../guests/toolchain.js';
import { workRoot } from '../../io/project-paths.js';
import { findWorkload, workloadNames, workloads } from '../../workloads/catalogue.js';
import { isBuiltIn } from '../../workloads/definition.js';
import { completeWorkload } from '../../workloads/workload.js';
import { interruptSignal } from '../interrupts.js';
import { oneOf } from '../options.js';
import { createUi } from '../ui.js';
import { addKnobOptions, givenKnobs } from '../workload-options.js';

interface GuestsBuildOptions {
  force?: boolean;
  json?: boolean;
}

/** the knobs built into a program (the tree's rows): a build of their own per value */
const builtIn = (name: string) => workloads.some((w) => w.knobs.some((k) => k.name === name && isBuiltIn(w, k)));

export function register(program: Command): void {
  const guests = program.command('guests');
  const build = guests
    .command('build')
    .argument('[workloads...]', `any of ${workloadNames.join(', ')} (default: all)`)
    .summary('build what is missing or stale and list the artifacts')
    .description(
      'Builds each workload from one source twice: a static native binary and a wasm32-wasip1 module (Debian\'s ' +
        'cargo), then a WasmEdge AOT module (`wasmedge compile --optimize 3`) and a module precompiled for the ' +
        'wasmtime shim when those tools are installed. A content hash of sources, Cargo.lock, dataset and flags ' +
        'decides what is stale; fresh artifacts are not rebuilt. Artifacts live under artifacts/<build>/<hash>/.',
    )
    .option('--force', 'rebuild even when fresh')
    .option('--json', 'print the artifacts as JSON on stdout');
  addKnobOptions(build, { only: (knob) => builtIn(knob.name) });
  build.action(async (names: string[], options: GuestsBuildOptions) => {
    const ui = createUi();
    const chosen = names.length === 0 ? [...workloadNames] : names.map(oneOf('workload', workloadNames));
    const knobs = givenKnobs(options);
    const toolchain = await findToolchain();
    const rows: { build: string; flavour: string; path: string; bytes: number; sha256: string; compiler: string }[] = [];
    for (const name of chosen) {
      ui.info(`${name}: checking`);
      // a knob given applies to the workloads that have it (--rows: the tree)
      const own = Object.fromEntries(Object.entries(knobs).filter(([knob]) => findWorkload(name)!.knobs.some((k) => k.name === knob)));
      const workload = completeWorkload({ algorithm: name, ...own } as { algorithm: string });
      const built = await buildGuest(workload, { toolchain, onProgress: (line) => ui.info(`  ${line}`), signal: interruptSignal, force: options.force ?? false });
      ui.info(`${name}: ${built.fresh ? 'up to date' : 'built'} (${relative(workRoot(), built.folder)})`);
      for (const artifact of built.manifest.artifacts) {
        rows.push({ build: built.key, flavour: artifact.flavour, path: built.pathOf(artifact.flavour)!, bytes: artifact.bytes, sha256: artifact.sha256, compiler: artifact.compiler });
      }
    }
    if (!toolchain.wasmedge) ui.warn('wasmedge not found: no AOT modules; WasmEdge runtimes would interpret (46-378x native\'s time in results/sample/runtimes-thesis)');
    if (!toolchain.wasmtimePrecompile) ui.warn('wasmtime-precompile not found (scripts/build-shims.sh installs it): no precompiled modules for the wasmtime shim');
    if (options.json) {
      ui.data(JSON.stringify(rows, null, 2));
      return;
    }
    const table = new Table({ head: ['build', 'flavour', 'bytes', 'sha256', 'path'], style: { head: [], border: [] } });
    for (const row of rows) table.push([row.build, row.flavour, row.bytes.toLocaleString('en-US'), row.sha256.slice(0, 16), relative(process.cwd(), row.path)]);
    ui.data(table.toString());
  });
}
