// Debug logs on stderr, one namespace per concern, enabled by DOCKERWASM_DEBUG=1 (or =engine,bench) or --verbose.
import { performance } from 'node:perf_hooks';

let enabled: Set<string> | 'all' | undefined = parse(process.env.DOCKERWASM_DEBUG);

function parse(setting: string | undefined): Set<string> | 'all' | undefined {
  if (setting === undefined || setting === '' || setting === '0') return undefined;
  if (setting === '1' || setting === '*' || setting === 'true') return 'all';
  return new Set(setting.split(',').map((name) => name.trim()));
}

export function enableDebug(namespaces: string = '*'): void {
  enabled = parse(namespaces);
}

export function debug(namespace: string): (message: string) => void {
  return (message) => {
    if (enabled === undefined || (enabled !== 'all' && !enabled.has(namespace))) return;
    process.stderr.write(`[${(performance.now() / 1000).toFixed(3)}s ${namespace}] ${message}\n`);
  };
}
