// The fidelity report (`npm run fidelity`): not part of the test suite — one long run over every
// shared page, the demo and the framework apps, writing FIDELITY.md at the repository's root.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /report\.ts$/,
  globalSetup: './setup.ts',
  outputDir: '../results/fidelity',
  timeout: 60 * 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
});
