// Runs the end-to-end suite and exits non-zero on any failure. The summary reporter prints
// the `e2e: N passed, N failed` line CI reads. TANDEM_BIN names the binary under test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = process.env.TANDEM_BIN ?? 'target/debug/tandem';
if (!existsSync(bin)) {
  console.error(`e2e: the tandem binary is missing at ${bin}; run \`make build\` first`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}
const r = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TANDEM_BIN: bin },
});
process.exit(r.status ?? 1);
