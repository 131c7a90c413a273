// Which of the company's invitation rules fits this page: the first whose page pattern matches
// the page's path (`*` matches any characters, the rest literally; empty matches every page).
// Manual rules fit only a `Tandem.invite()` call; automatic ones also wait for their time on
// page and idle time (invite/chunk.ts runs the clocks).
import type { InvitationRule } from '../../protocol';

export function pageMatches(pattern: string, path: string): boolean {
  if (!pattern) return true;
  const re = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${re}$`).test(path);
}

/** The rule for this page: a manual call takes the first matching rule of any kind; the
 * clocks only the automatic ones. */
export function ruleFor(rules: readonly InvitationRule[], path: string, manual: boolean): InvitationRule | null {
  return rules.find((r) => (manual || !r.manual) && pageMatches(r.page, path)) ?? null;
}
