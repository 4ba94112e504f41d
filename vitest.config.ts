import { defineConfig } from 'vitest/config';
import ByNameSequencer from './test/engine/sequencer.js';

// Two suites: fast unit tests with fakes, and engine tests that build and run real containers
// (sequential, long timeouts; they fail, never skip, when no engine answers).
export default defineConfig({
  test: {
    // engine test files run in name order: the ones that stop and start dockerd instances (zz-*) last
    sequence: { sequencer: ByNameSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // the guests built with the real toolchain and run natively, under WasmEdge and Node's WASI
          name: 'guests',
          include: ['test/guests/**/*.test.ts'],
          testTimeout: 900_000,
        },
      },
      {
        test: {
          // `dockerwasm runtimes` on the standalone runtimes the provisioning scripts installed
          name: 'runtimes',
          include: ['test/runtimes/**/*.test.ts'],
          testTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts'],
          // files run one at a time: package.json runs this project with --no-file-parallelism
          sequence: { concurrent: false },
          testTimeout: 600_000,
          hookTimeout: 900_000,
          globalSetup: ['test/engine/global-setup.ts'],
        },
      },
    ],
  },
});
