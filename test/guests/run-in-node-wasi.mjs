// Runs a WASI preview1 module under Node's own WASI (V8), a runtime independent of WasmEdge and wasmtime.
// Usage: node run-in-node-wasi.mjs module.wasm [args...]; the module's stdout and exit code pass through.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
