// Every command, with the one line `--help` lists for it. A command's module is loaded only when it runs (or
// its own help is asked for), so `dockerwasm report` loads no engine code.
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<{ register(program: Command): void }>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'doctor', summary: 'check the engine and try every runtime profile with a live probe', load: () => import('./doctor.js') },
  { name: 'compare', summary: 'measure one workload: Linux container vs Wasm under every runtime', load: () => import('./compare.js') },
  { name: 'reproduce', summary: "re-run the thesis's Docker experiment and set our figures beside its Tables 16-18", load: () => import('./reproduce.js') },
  { name: 'density', summary: 'start many containers at a time: throughput, latency and memory per container, Linux vs Wasm', load: () => import('./density.js') },
  { name: 'runtimes', summary: 'run one workload on standalone Wasm runtimes, outside containers: time, CPU and memory per process', load: () => import('./runtimes.js') },
  { name: 'report', summary: 're-render tables and charts from saved results of any kind, without Docker', load: () => import('./report.js') },
  { name: 'guests', summary: 'build the workloads natively and to wasm32-wasip1', load: () => import('./guests.js') },
  { name: 'dataset', summary: 'make the CVD dataset: mapped from the Kaggle CSV, or a synthetic stand-in', load: () => import('./dataset.js') },
  { name: 'dockerfiles', summary: 'write the paired Dockerfiles of every workload under dockerfiles/', load: () => import('./dockerfiles.js') },
  { name: 'base', summary: 'make the local Linux base image dockerwasm/base:busybox (a stand-in for alpine when no registry answers)', load: () => import('./base.js') },
  { name: 'clean', summary: 'remove what earlier runs left in Docker (labelled containers, and images with --images)', load: () => import('./clean.js') },
];
