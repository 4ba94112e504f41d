import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';

export function registerCommands(program: Command): void {
  registerDoctor(program);
}
