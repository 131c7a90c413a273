// Global setup of the fidelity report: a plain run starts afresh, so it forgets the rows of the
// last one; with FIDELITY_RESUME=1 they are kept and only the pages missing from them are
// measured. Here, not in report.ts, because Playwright restarts a worker after a failed page and
// the restarted worker must find the rows measured before it.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROGRESS = join(dirname(fileURLToPath(import.meta.url)), 'progress.json');

export default function setup(): void {
  if (!process.env.FIDELITY_RESUME) rmSync(PROGRESS, { force: true });
}
