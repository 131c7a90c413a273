// axe-core (npm `axe-core`) injected into a page (or one of its frames, such as the embedded
// agent view inside a host application) through DevTools — so the console's strict CSP
// does not stop it — and run over the whole page or a part of it. Returns the serious and
// critical violations as readable lines ("rule: what … at selector"), empty when there are none.
import type { Frame, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Result {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The serious and critical violations on `page`, within `include` (a CSS selector) if given.
 * The agent's "Customer view" (in any language) is the customer's page, not ours: it is left out. */
export async function seriousViolations(page: Page | Frame, include?: string): Promise<string[]> {
  await page.evaluate(source);
  const results = await page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Result[] }> } }).axe;
    const context = { include: include ? [include] : [['html']], exclude: [['iframe.customer-view']] };
    const r = await axe.run(context, { iframes: false, resultTypes: ['violations'] });
    return r.violations;
  }, include);
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
