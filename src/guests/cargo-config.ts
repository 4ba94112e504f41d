// The flags cargo builds the guests with are guest/.cargo/config.toml's: read here only to record them
// with each artifact (cargo itself reads the file), and to refuse a host it has no flags for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { z } from 'zod';
import { DockerwasmError } from '../errors.js';
import { paths } from '../io/project-paths.js';

export const cargoConfigFile = () => join(paths.guestSources(), '.cargo', 'config.toml');

const configSchema = z.object({ target: z.record(z.string(), z.object({ rustflags: z.array(z.string()) }).partial()).default({}) }).loose();

/** The rustflags guest/.cargo/config.toml gives `target`, then those the run adds (the inline threshold). */
export function cargoRustflags(target: string, added: readonly string[] = []): string[] {
  const file = cargoConfigFile();
  const parsed = configSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new DockerwasmError('INTERNAL', `${file}: ${parsed.error.issues[0]?.message ?? 'not what it should be'}`);
  const flags = parsed.data.target[target]?.rustflags;
  if (flags === undefined) {
    throw new DockerwasmError('TOOLCHAIN', `${file} has no rustflags for ${target}`, {
      hint: `add a [target.${target}] section (a native target needs "-C", "target-feature=+crt-static": the Linux image runs it on a musl base)`,
    });
  }
  return [...flags, ...added];
}
