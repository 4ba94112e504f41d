// Runs a WASI preview1 command module under Node.js's own WASI (V8): the `node` row of `dockerwasm runtimes`,
// and the guests' tests' check of a runtime independent of WasmEdge and wasmtime.
// Usage: node node-wasi-run.mjs [--env KEY=VALUE]... [--dir HOST_DIR] module.wasm [args...]; the environment is
// only what --env gives, the only preopen --dir's (as "/"); stdout and the exit code pass through.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const rest = process.argv.slice(2);
const env = {};
const preopens = {};
while (rest[0] === '--env' || rest[0] === '--dir') {
  const [flag, value] = rest.splice(0, 2);
  if (flag === '--dir') preopens['/'] = value;
  else env[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
}
const [file, ...args] = rest;
const wasi = new WASI({ version: 'preview1', args: [basename(file), ...args], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
