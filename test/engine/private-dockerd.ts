// A second dockerd with its own socket, data root and exec root, so tests can stop, restart or
// misconfigure an engine without touching the one everything else uses. It runs in a network namespace
// of its own: a dockerd started with `--bridge none` deletes the host's docker0 at start-up, and in its own
// namespace it can only see (and delete) that namespace's interfaces. The CLI run against it enters the
// same namespace (`cliPrefix`), so the loopback build context it serves is on the daemon's loopback.
// The namespace has only `lo`: the private engine reaches no registry, so its runs always use the busybox
// stand-in base (as every run on these machines does; the main engine's tests cover a pulled base).
// Needs root, dockerd, iproute2 (`ip netns`) and util-linux (`nsenter`).
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface PrivateDockerd {
  host: string;
  /** the command prefix that runs a program in the daemon's network namespace */
  cliPrefix: string[];
  /** where its containerd keeps each task's bundle, a folder per namespace */
  taskStateDir: string;
  /** the socket of the containerd it starts for itself */
  containerdSocket: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

async function answers(socket: string): Promise<boolean> {
  const result = await execa('curl', ['-fsS', '--max-time', '1', '--unix-socket', socket, 'http://localhost/_ping'], { reject: false });
  return result.exitCode === 0;
}

/** `dockerd`: the daemon's binary (default: the one on PATH, the engine's version); `shimPath`: a folder searched first for shims */
export function privateDockerd(options: { containerdStore: boolean; dockerd?: string; shimPath?: string }): PrivateDockerd {
  const root = mkdtempSync('/tmp/dockerwasm-dockerd-');
  const netns = `dockerwasm-${root.split('-').at(-1)}`;
  const inNamespace = ['nsenter', `--net=/run/netns/${netns}`, '--'];
  let namespaceMade = false;
  const socket = join(root, 'docker.sock');
  const config = join(root, 'daemon.json');
  writeFileSync(config, JSON.stringify({ features: { 'containerd-snapshotter': options.containerdStore }, runtimes: { crun: { path: '/usr/bin/crun' } } }));
  mkdirSync(join(root, 'data'), { recursive: true });
  let daemon: ResultPromise | undefined;
  const args = [
    '--host', `unix://${socket}`,
    '--data-root', join(root, 'data'),
    '--exec-root', join(root, 'exec'),
    '--pidfile', join(root, 'docker.pid'),
    '--config-file', config,
    '--bridge', 'none',
    '--iptables=false',
    '--ip6tables=false',
  ];
  const instance: PrivateDockerd = {
    host: `unix://${socket}`,
    cliPrefix: inNamespace,
    taskStateDir: join(root, 'exec', 'containerd', 'daemon', 'io.containerd.runtime.v2.task'),
    containerdSocket: join(root, 'exec', 'containerd', 'containerd.sock'),
    async start() {
      if (!namespaceMade) {
        await execa('ip', ['netns', 'add', netns]);
        namespaceMade = true;
        await execa('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
      }
      daemon = execa(inNamespace[0]!, [...inNamespace.slice(1), options.dockerd ?? 'dockerd', ...args], {
        reject: false,
        stdout: { file: join(root, 'dockerd.log') },
        stderr: { file: join(root, 'dockerd.err.log') },
        env: { PATH: `${options.shimPath === undefined ? '' : `${options.shimPath}:`}/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin` },
      });
      for (let i = 0; i < 60; i++) {
        if (await answers(socket)) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`the private dockerd did not answer within 30 s (see ${root}/dockerd.err.log)`);
    },
    async stop() {
      if (daemon === undefined) return;
      daemon.kill('SIGTERM');
      await daemon;
      daemon = undefined;
    },
    async destroy() {
      await instance.stop();
      // containerd's mounts must be gone before the folder can be removed
      await execa('sh', ['-c', `grep -o " ${root}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`], { reject: false });
      if (existsSync(root)) await rm(root, { recursive: true, force: true }).catch(() => undefined);
      if (namespaceMade) await execa('ip', ['netns', 'delete', netns], { reject: false });
      namespaceMade = false;
    },
  };
  return instance;
}
