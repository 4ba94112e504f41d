// Which engine to talk to, as the docker CLI decides: DOCKER_HOST, else the CLI's current context
// (Docker Desktop puts its socket there), else /var/run/docker.sock.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface EngineEndpoint {
  /** as a user would write it: unix:///var/run/docker.sock, tcp://10.0.0.2:2376 */
  host: string;
  /** how it was chosen, for messages */
  origin: 'DOCKER_HOST' | 'docker context' | 'default socket';
  socketPath?: string;
  tcp?: { host: string; port: number; protocol: 'http' | 'https' };
}

const defaultSocket = '/var/run/docker.sock';

function fromHost(host: string, origin: EngineEndpoint['origin']): EngineEndpoint {
  if (host.startsWith('unix://')) return { host, origin, socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  const tls = process.env.DOCKER_TLS_VERIFY === '1' || url.port === '2376';
  return {
    host,
    origin,
    tcp: { host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)), protocol: tls ? 'https' : 'http' },
  };
}

function currentContextHost(): string | undefined {
  try {
    const configDir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
    const name =
      process.env.DOCKER_CONTEXT ??
      (JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { currentContext?: string }).currentContext;
    if (name === undefined || name === 'default') return undefined;
    const id = createHash('sha256').update(name).digest('hex');
    const meta = JSON.parse(readFileSync(join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8')) as {
      Endpoints?: { docker?: { Host?: string } };
    };
    return meta.Endpoints?.docker?.Host;
  } catch {
    return undefined;
  }
}

export function resolveEndpoint(env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return fromHost(dockerHost, 'DOCKER_HOST');
  const contextHost = currentContextHost();
  if (contextHost !== undefined && !existsSync(defaultSocket)) return fromHost(contextHost, 'docker context');
  return { host: `unix://${defaultSocket}`, origin: 'default socket', socketPath: defaultSocket };
}

/** True when the engine runs on this machine: a unix socket, or TCP on a loopback address. */
export function isLocalEndpoint(endpoint: EngineEndpoint): boolean {
  if (endpoint.socketPath !== undefined) return true;
  return endpoint.tcp !== undefined && ['127.0.0.1', 'localhost', '::1'].includes(endpoint.tcp.host);
}

/**
 * True when a local engine's daemon shares our network namespace, so our 127.0.0.1 is its loopback too.
 * /proc/net/unix lists the unix sockets bound in the reader's network namespace only: a daemon started
 * in another one (`ip netns exec`, as scripts/provision-docker28.sh starts Docker 28) listens on a socket
 * we can connect to, but its listening socket is not listed. Where the list cannot be read (not Linux), it is assumed shared.
 */
export function sharesOurNetworkNamespace(endpoint: EngineEndpoint, procNetUnix = '/proc/net/unix'): boolean {
  if (endpoint.socketPath === undefined) return isLocalEndpoint(endpoint);
  let listing: string;
  try {
    listing = readFileSync(procNetUnix, 'utf8');
  } catch {
    return true;
  }
  const wanted = canonicalSocketPath(endpoint.socketPath);
  return listing
    .split('\n')
    .slice(1)
    .some((line) => {
      // Num RefCount Protocol Flags Type St Inode Path; a listening socket has __SO_ACCEPTCON (0x10000) in Flags
      // (a connection of ours to the daemon is listed with its path too, but does not listen)
      const [, , , flags, , , , path] = line.trim().split(/\s+/);
      const listening = (Number.parseInt(flags ?? '0', 16) & 0x10000) !== 0;
      return listening && path !== undefined && canonicalSocketPath(path) === wanted;
    });
}

/** the socket's path with its folder's symlinks resolved (/var/run is /run) */
function canonicalSocketPath(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}
