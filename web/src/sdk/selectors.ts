// Selector lists from the site and the company's settings, made safe to use: parts the
// browser rejects are dropped (and said), never fatal. Shared by sharing (privacy) and the
// remote-control policy, so it stays free of either.

/** A selector list the browser can use; parts it rejects are dropped (and said), never fatal. */
export function usable(doc: Document, selector: string): string {
  try {
    doc.querySelector(selector || '*');
    return selector;
  } catch {
    /* find the bad parts below */
  }
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter((s) => {
      if (!s) return false;
      try {
        doc.querySelector(s);
        return true;
      } catch {
        console.warn(`Tandem: ignoring the invalid selector "${s}"`);
        return false;
      }
    })
    .join(', ');
}
