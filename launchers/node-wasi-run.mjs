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
process.exitCode = wasi.start(instance);
