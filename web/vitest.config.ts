// Unit tests of the DOM engine's and the transport's pure parts (`npm run test:unit`, a step of
// scripts/test): Node 20, vitest 4; DOM tests choose jsdom per file (`@vitest-environment`).
// The root is the repository's, so Vite's cache stays in the ignored /node_modules.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['web/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 10_000,
  },
});
