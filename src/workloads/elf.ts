// Whether a native executable can run on a Linux base: its ELF header and program headers say if it is an
// executable for this machine, and which dynamic loader (PT_INTERP) it needs, if any.
import { readFileSync } from 'node:fs';

export interface ElfFacts {
  /** x86-64, aarch64, ... */
  machine: string;
  /** the dynamic loader it asks for (e.g. /lib64/ld-linux-x86-64.so.2); null: statically linked */
  interpreter: string | null;
}

const machines: Record<number, string> = { 0x3e: 'x86-64', 0xb7: 'aarch64', 0x03: 'x86', 0x28: 'arm', 0xf3: 'riscv' };

/** The facts of an ELF executable, or a one-line reason it is not one. */
export function readElf(path: string): ElfFacts | string {
  const data = readFileSync(path);
  if (data.length < 64 || data.readUInt32BE(0) !== 0x7f454c46) return 'not an ELF executable';
  if (data[4] !== 2 || data[5] !== 1) return 'not a 64-bit little-endian ELF file';
  const type = data.readUInt16LE(16);
  if (type !== 2 && type !== 3) return 'an ELF file, but not an executable';
  const machine = machines[data.readUInt16LE(18)] ?? `ELF machine ${data.readUInt16LE(18)}`;
  const phoff = Number(data.readBigUInt64LE(32));
  const phentsize = data.readUInt16LE(54);
  const phnum = data.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const header = phoff + i * phentsize;
    if (header + 40 > data.length) break;
    if (data.readUInt32LE(header) !== 3) continue; // PT_INTERP
    const offset = Number(data.readBigUInt64LE(header + 8));
    const size = Number(data.readBigUInt64LE(header + 32));
    return { machine, interpreter: data.subarray(offset, offset + size).toString('utf8').replace(/\0+$/, '') };
  }
  return { machine, interpreter: null };
}
