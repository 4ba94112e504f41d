// Why the tree runs faster in Wasm: a test of the memory-traffic explanation. linfa-trees' split search
// walks a (usize, f32) index per feature (16 bytes an entry natively, 8 in wasm32). If the walk is bound
// by memory traffic, Wasm's advantage should vanish when all 18 indices fit in L2 (512 KiB here: below
// about 2,000 rows natively, 90% of them training rows) and appear once they do not. Native binary vs WasmEdge AOT, standalone,
// the guest's own compute, median of 5, interleaved. Writes bench/results/<date>-tree-footprint.json.
// Usage: node --import tsx bench/tree-footprint.ts
import { join } from 'node:path';
import { median } from 'simple-statistics';
import { buildGuest } from '../src/guests/build-guest.js';
import { findToolchain } from '../src/guests/toolchain.js';
import { writeJsonAtomic } from '../src/io/atomic-file.js';
import { guestCompute } from './module-variants.js';

const rowsList = [250, 500, 1_000, 2_000, 4_000, 8_000, 20_000];
const toolchain = await findToolchain();
const rows = [];
for (const count of rowsList) {
  const build = await buildGuest({ algorithm: 'tree', rows: count }, { toolchain });
  const native: number[] = [];
  const wasm: number[] = [];
  let same = true;
  for (let i = 0; i < 5; i++) {
    const a = await guestCompute(build.pathOf('native')!, []);
    const b = await guestCompute('wasmedge', [build.pathOf('wasmedge-aot')!]);
    native.push(a.ms);
    wasm.push(b.ms);
    same &&= a.digest === b.digest;
  }
  const trainRows = Math.floor(count * 0.9);
  const row = {
    rows: count,
    nativeIndexBytes: 18 * trainRows * 16,
    wasmIndexBytes: 18 * trainRows * 8,
    nativeMs: median(native),
    wasmMs: median(wasm),
    ratio: median(wasm) / median(native),
    sameDigest: same,
  };
  rows.push(row);
  process.stderr.write(`${count} rows: indices ${(row.nativeIndexBytes / 1024).toFixed(0)} KiB native / ${(row.wasmIndexBytes / 1024).toFixed(0)} KiB wasm; native ${row.nativeMs.toFixed(1)} ms, WasmEdge AOT ${row.wasmMs.toFixed(1)} ms: ${row.ratio.toFixed(2)}x${same ? '' : ' (DIGESTS DIFFER)'}\n`);
}
const file = join(import.meta.dirname, 'results', `${new Date().toISOString().slice(0, 10)}-tree-footprint.json`);
await writeJsonAtomic(file, { schema: 1, command: 'node --import tsx bench/tree-footprint.ts', l2BytesPerCore: 512 * 1024, rows });
process.stderr.write(`wrote ${file}\n`);
