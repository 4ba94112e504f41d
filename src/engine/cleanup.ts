// Everything a command creates in Docker is registered here and removed on every exit path:
// normal end, failure, SIGINT/SIGTERM (cli/main.ts calls disposeAll). So are the parent cgroups its
// containers ran under (cgroup-accounting.ts), removed after their containers.
import { debug } from '../io/debug-log.js';
import { messageOf } from '../errors.js';
import type { CgroupLease } from './cgroup-accounting.js';
import type { ContainerEngine } from './types.js';
import { sessionFilter } from './labels.js';

const log = debug('cleanup');

export class CleanupRegistry {
  private readonly containers = new Set<string>();
  private readonly images = new Set<string>();
  private readonly cgroups = new Set<CgroupLease>();

  constructor(private readonly engine: ContainerEngine) {}

  container(id: string): void {
    this.containers.add(id);
  }

  image(reference: string): void {
    this.images.add(reference);
  }

  cgroup(lease: CgroupLease): void {
    this.cgroups.add(lease);
  }

  /** removes a parent cgroup once its container is gone; one still busy is tried again by disposeAll */
  removeCgroup(lease: CgroupLease): void {
    if (lease.remove()) this.cgroups.delete(lease);
  }

  async removeContainer(id: string): Promise<void> {
    await this.engine.removeContainer(id);
    this.containers.delete(id);
  }

  /** Removes what is still registered; never throws (reports what it could not remove). */
  async disposeAll(): Promise<string[]> {
    const problems: string[] = [];
    for (const id of [...this.containers]) {
      try {
        await this.engine.removeContainer(id);
        this.containers.delete(id);
      } catch (error) {
        problems.push(`container ${id.slice(0, 12)}: ${messageOf(error)}`);
      }
    }
    for (const reference of [...this.images]) {
      try {
        await this.engine.removeImage(reference);
        this.images.delete(reference);
      } catch (error) {
        problems.push(`image ${reference}: ${messageOf(error)}`);
      }
    }
    // anything of this session that escaped registration (e.g. created while a signal arrived)
    try {
      for (const container of await this.engine.listContainers(sessionFilter())) {
        await this.engine.removeContainer(container.id);
      }
    } catch (error) {
      problems.push(`listing this session's containers: ${messageOf(error)}`);
    }
    for (const lease of [...this.cgroups]) {
      this.removeCgroup(lease);
      if (this.cgroups.has(lease)) problems.push(`cgroup ${lease.parent}: still in use (its container is still running)`);
    }
    if (problems.length > 0) log(`left behind: ${problems.join('; ')}`);
    return problems;
  }
}
