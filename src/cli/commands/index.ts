import type { Command } from 'commander';
import { registerBase } from './base.js';
import { registerClean } from './clean.js';
import { registerCompare } from './compare.js';
import { registerDataset } from './dataset.js';
import { registerDensity } from './density.js';
import { registerDockerfiles } from './dockerfiles.js';
import { registerDoctor } from './doctor.js';
import { registerGuests } from './guests.js';
import { registerReport } from './report.js';
import { registerReproduce } from './reproduce.js';
import { registerRuntimes } from './runtimes.js';

export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerCompare(program);
  registerReproduce(program);
  registerDensity(program);
  registerRuntimes(program);
  registerReport(program);
  registerGuests(program);
  registerDataset(program);
  registerDockerfiles(program);
  registerBase(program);
  registerClean(program);
}
