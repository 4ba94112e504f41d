#!/usr/bin/env node
// Runs the compiled CLI (npm ci builds it); from a source checkout without a build, run `npm run build`.
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('dockerwasm: not built yet; run `npm ci` (or `npm run build`) in the project folder\n');
  process.exit(70);
}
await import(entry.href);
