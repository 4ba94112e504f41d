// `docker build` through the docker CLI, for engines BuildKit cannot reach over loopback.
// The context tar goes in on stdin; arguments are an array, never a shell string.
import { execa } from 'execa';
import { DockerwasmError } from '../errors.js';
import type { BuildRequest } from './types.js';

export async function buildWithCli(request: BuildRequest, dockerHost: string): Promise<{ imageId: string }> {
  const args = ['build', '--platform', request.platform, '--tag', request.tag, '--file', request.dockerfile, '--quiet'];
  for (const [key, value] of Object.entries(request.labels)) args.push('--label', `${key}=${value}`);
  for (const [key, value] of Object.entries(request.buildArgs ?? {})) args.push('--build-arg', `${key}=${value}`);
  if (request.noCache) args.push('--no-cache');
  args.push('-');
  const result = await execa('docker', args, {
    input: request.context,
    env: { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '1' },
    reject: false,
    cancelSignal: request.signal,
  });
  if (result.isCanceled) throw new DockerwasmError('INTERRUPTED', `build ${request.tag}: interrupted`);
  if (result.exitCode !== 0) {
    const lastLines = result.stderr.trim().split('\n').slice(-3).join(' | ');
    throw new DockerwasmError('BUILD_FAILED', `build ${request.tag} failed (docker CLI): ${lastLines}`);
  }
  return { imageId: result.stdout.trim().split('\n').pop() ?? '' };
}
