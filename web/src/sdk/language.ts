// Which language the customer's widgets speak: the one the site names in `Tandem.init({
// language })`, else the company's setting, else the first of the browser's languages we have;
// English otherwise. English is built in; every other language is one file in languages/,
// built into /sdk/lang-CODE.<hash>.js and fetched only by pages that need it, so a visitor who
// never needs it pays nothing.
import type { Texts } from './options';

/** The languages built from web/src/sdk/languages and their files (set by web/build.mjs). */
declare const __TANDEM_LANGUAGES__: Record<string, string>;

/** The event a language file fires on the document once loaded. */
export const LANGUAGE_EVENT = 'tandem:language';

export function chooseLanguage(site: string | undefined, company: string | undefined, browser: readonly string[]): string {
  const have = ['en', ...Object.keys(__TANDEM_LANGUAGES__)];
  for (const wanted of [site, company, ...browser]) {
    const base = wanted?.toLowerCase().split('-')[0];
    if (base && have.includes(base)) return base;
  }
  return 'en';
}

/** Loads `code`'s texts (English: none to load) and hands them to `done`. */
export function loadLanguage(doc: Document, origin: string, code: string, done: (texts: Partial<Texts>) => void): void {
  if (code === 'en') return done({});
  const onLoaded = (e: Event) => {
    const d = (e as CustomEvent<{ code: string; texts: Partial<Texts> }>).detail;
    if (d.code !== code) return;
    doc.removeEventListener(LANGUAGE_EVENT, onLoaded);
    done(d.texts);
  };
  doc.addEventListener(LANGUAGE_EVENT, onLoaded);
  const script = doc.createElement('script');
  script.src = `${origin}/sdk/${__TANDEM_LANGUAGES__[code]}`;
  // Unreachable: the widgets speak English rather than not at all.
  script.onerror = () => {
    doc.removeEventListener(LANGUAGE_EVENT, onLoaded);
    done({});
  };
  doc.head.append(script);
}
