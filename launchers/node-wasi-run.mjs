// Runs a WASI preview1 command module under Node.js's own WASI (V8): the `node` row of `dockerwasm runtimes`,
// and the guests' tests' check of a runtime independent of WasmEdge and wasmtime.
// Usage: node node-wasi-run.mjs module.wasm [args...]; no environment, no preopens; stdout and the exit code pass through.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
// Exit at once rather than by letting the event loop drain: Node.js 20.20 segfaults in its normal teardown
// after a large guest (kmeans at 1,000,000 observations, 230 MB resident: exit 139 every time, with or without
// ptrace); process.exit skips that teardown. WASI's fd_write is a synchronous write, so no output is lost.
process.exit(wasi.start(instance));
