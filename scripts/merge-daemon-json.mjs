#!/usr/bin/env node
// Merge what dockerwasm needs into dockerd's daemon.json, keeping everything else the file says.
// Usage: merge-daemon-json.mjs [/etc/docker/daemon.json]
// - turns on the containerd image store (features.containerd-snapshotter), which wasi/wasm images need
// - registers crun as the runtime "crun" (its WasmEdge handler runs .wasm entrypoints)
// A changed file is written atomically after a timestamped backup of the old one; "changed" is then
// printed on stdout (so the caller knows a running dockerd must restart), nothing otherwise.
import { existsSync, mkdirSync, readFileSync, renameSync, copyFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const path = process.argv[2] ?? '/etc/docker/daemon.json';
const wanted = {
  features: { 'containerd-snapshotter': true },
  runtimes: { crun: { path: '/usr/bin/crun' } },
};

let current = {};
if (existsSync(path)) {
  const text = readFileSync(path, 'utf8');
  try {
    current = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    console.error(`[provision] error: ${path} is not valid JSON (${error.message}); fix it or move it away`);
    process.exit(1);
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) {
    console.error(`[provision] error: ${path} does not hold a JSON object`);
    process.exit(1);
  }
}

const merged = {
  ...current,
  features: { ...(current.features ?? {}), ...wanted.features },
  runtimes: { ...(current.runtimes ?? {}), ...wanted.runtimes },
};

if (JSON.stringify(merged) === JSON.stringify(current)) {
  console.error(`[provision] ${path}: already has what dockerwasm needs`);
  process.exit(0);
}
mkdirSync(dirname(path), { recursive: true });
if (existsSync(path)) {
  const backup = `${path}.bak-${new Date().toISOString().replace(/[:.]/g, '')}`;
  copyFileSync(path, backup);
  console.error(`[provision] ${path}: backup kept at ${backup}`);
}
writeFileSync(`${path}.tmp`, JSON.stringify(merged, null, 2) + '\n');
renameSync(`${path}.tmp`, path);
console.error(`[provision] ${path}: containerd image store on, crun registered`);
console.log('changed');
