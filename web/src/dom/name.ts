// What a person would call an element of a page, in a few words: its label, its text or its
// alternative — "Checkout", "Email address", "Search". Used to say what the agent points at: to
// the customer in their own page (a screen reader hears "… is pointing at: Checkout") and to the
// agent choosing an element of the mirror with the keyboard. Never reads a field's value.

/** Elements a person names when pointing: controls, links, headings, labelled things. */
const NAMED = 'a[href],button,input,select,textarea,summary,label,h1,h2,h3,h4,h5,h6,img[alt],[role],[aria-label]';
const MAX = 80;

export function nameOf(start: Element | null): string {
  const el = start?.closest(NAMED) ?? start;
  if (!el) return '';
  const doc = el.ownerDocument;
  const by = el.getAttribute('aria-labelledby');
  const text = el.getAttribute('aria-label')
    || (by && by.split(/\s+/).map((id) => doc.getElementById(id)?.textContent ?? '').join(' '))
    || (el.localName === 'img' ? el.getAttribute('alt') : '')
    || (/^(input|select|textarea)$/.test(el.localName) ? fieldName(el as HTMLInputElement) : el.textContent)
    || '';
  const short = text.replace(/\s+/g, ' ').trim();
  return short.length > MAX ? `${short.slice(0, MAX - 1)}…` : short;
}

function fieldName(field: HTMLInputElement): string {
  const button = /^(submit|button|reset)$/.test(field.type);
  return field.labels?.[0]?.textContent || field.placeholder || field.title || (button ? field.value : '') || '';
}
