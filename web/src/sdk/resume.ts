// The session's resume token, kept per browser tab (sessionStorage), so the next page of the
// site carries on co-browsing without a new code or consent — with the agent's name, which
// only the consent request carries and every page's widgets show. Cleared when the session ends.
const KEY = 'tandem.resume';
const AGENT_KEY = 'tandem.agent';

export function loadToken(win: Window): string | null {
  try {
    return win.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(win: Window, token: string, agent: string): void {
  try {
    win.sessionStorage.setItem(KEY, token);
    win.sessionStorage.setItem(AGENT_KEY, agent);
  } catch {
    /* storage disabled: co-browsing still works on this page */
  }
}

/** The name of the agent of the session this tab is in, as the consent request gave it. */
export function loadAgent(win: Window): string {
  try {
    return win.sessionStorage.getItem(AGENT_KEY) ?? '';
  } catch {
    return '';
  }
}

export function clearToken(win: Window): void {
  try {
    win.sessionStorage.removeItem(KEY);
    win.sessionStorage.removeItem(AGENT_KEY);
  } catch {
    /* nothing to clear */
  }
}
