// What the host was doing while a run measured, from the kernel's own accounting: the CPU time stolen
// by the hypervisor (/proc/stat) and the CPU clock (/proc/cpuinfo), read before and after each sample;
// and a short fixed calibration workload, the same every time, whose time tracks the host's speed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monotonicMs } from '../io/clock.js';

export interface CpuTimes {
  /** jiffies of every state on the aggregate `cpu` line */
  total: number;
  steal: number;
  /** idle + iowait */
  idle: number;
}

/** The aggregate CPU times, or null where /proc/stat cannot be read (not Linux). */
export function readCpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('cpu '));
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const fields = line!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
  } catch {
    return null;
  }
}

/** The host's CPUs busy between two readings, % of all of them (null when nothing elapsed or unknown). */
export function busyPercent(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (before === null || after === null || after.total <= before.total) return null;
  return 100 * (1 - (after.idle - before.idle) / (after.total - before.total));
}

/** The share of CPU time stolen between two readings, in percent (null when nothing elapsed or unknown). */
export function stealPercent(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (before === null || after === null || after.total <= before.total) return null;
  return (100 * (after.steal - before.steal)) / (after.total - before.total);
}

/** The mean clock of the CPUs as /proc/cpuinfo reports it now, in MHz (null where it does not). */
export function cpuMhz(): number | null {
  try {
    const values = [...readFileSync('/proc/cpuinfo', 'utf8').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  } catch {
    return null;
  }
}

export interface Calibration {
  ms: number;
  stealPercent: number | null;
  mhz: number | null;
}

/** SHA-256 over a fixed 1 MiB buffer, chained this many times: single-threaded native code (OpenSSL), about 0.1 s here. */
const calibrationRounds = 120;
const calibrationBuffer = Buffer.alloc(1 << 20, 0x5a);
let warmedUp = false;

function calibrationWork(): Buffer {
  let chained = Buffer.alloc(32);
  for (let i = 0; i < calibrationRounds; i++) chained = createHash('sha256').update(chained).update(calibrationBuffer).digest();
  return chained;
}

/** The calibration workload, timed with the monotonic clock (the first call of a process warms it up first, untimed). */
export async function calibrate(): Promise<Calibration> {
  if (!warmedUp) {
    calibrationWork();
    warmedUp = true;
  }
  const before = readCpuTimes();
  const started = monotonicMs();
  calibrationWork();
  const ms = Math.round((monotonicMs() - started) * 1000) / 1000;
  return { ms, stealPercent: stealPercent(before, readCpuTimes()), mhz: cpuMhz() };
}
