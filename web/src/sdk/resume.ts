// The session's resume token, kept per browser tab (sessionStorage), so the next page of the
// site carries on co-browsing without a new code or consent. Cleared when the session ends.
const KEY = 'tandem.resume';

export function loadToken(win: Window): string | null {
  try {
    return win.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(win: Window, token: string): void {
  try {
    win.sessionStorage.setItem(KEY, token);
  } catch {
    /* storage disabled: co-browsing still works on this page */
  }
}

export function clearToken(win: Window): void {
  try {
    win.sessionStorage.removeItem(KEY);
  } catch {
    /* nothing to clear */
  }
}
