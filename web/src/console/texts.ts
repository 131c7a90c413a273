// The console's words in the agent's language. The console is written in English: every text
// it shows goes through `t` (the English text, and values for its `{name}`s), and another language is one file,
// languages/CODE.ts, mapping each English text to its translation (as the customer widgets'
// languages are files in web/src/sdk/languages). The build turns each into
// /console/lang-CODE.<hash>.js and refuses a file that lacks a text the console shows, so a
// language is never half there. The language is, in order: the one the agent chose in the
// console (kept in this browser), the browser's languages, the company's language (site
// settings), English. It is settled once, before the first view is drawn; choosing another
// reloads the page. That is why the chosen texts are the one piece of module-level state in the
// console: every view reads them, none changes them.

/** The console's languages other than English and their files (set by web/build.mjs). */
declare const __TANDEM_CONSOLE_LANGUAGES__: Record<string, string>;

/** Where the agent's choice is kept. */
const CHOICE = 'tandem.console.language';

let catalog: Record<string, string> = {};
let current = 'en';

/** `english` in the console's language, with each `{name}` replaced by `vars[name]`. */
export function t(english: string, vars: Record<string, string | number> = {}): string {
  const text = catalog[english] ?? english;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The languages the console speaks: English and one per file. */
export function consoleLanguages(): string[] {
  return ['en', ...Object.keys(__TANDEM_CONSOLE_LANGUAGES__)];
}

/** A language's name in itself ("Svenska"), for the chooser. */
export function languageName(code: string): string {
  let name = code;
  try {
    name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    /* shown as its code */
  }
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

export function currentLanguage(): string {
  return current;
}

/** The first of `wanted` (choice, browser languages, company) the console speaks; else English. */
export function chooseConsoleLanguage(wanted: readonly (string | null | undefined)[]): string | null {
  const have = consoleLanguages();
  for (const w of wanted) {
    const base = w?.toLowerCase().split('-')[0];
    if (base && have.includes(base)) return base;
  }
  return null;
}

function storedChoice(): string | null {
  try {
    return localStorage.getItem(CHOICE);
  } catch {
    return null;
  }
}

/** Remembers the agent's choice in this browser and draws the console again in it. */
export function chooseLanguage(code: string): void {
  try {
    localStorage.setItem(CHOICE, code);
  } catch {
    /* storage off: the choice lasts this page only */
  }
  location.reload();
}

/** Settles the console's language and loads its texts; the page's `lang` follows. A file that
 * cannot load leaves the console in English. */
export async function startLanguage(): Promise<void> {
  let code = chooseConsoleLanguage([storedChoice(), ...(navigator.languages ?? [navigator.language])]);
  if (!code) {
    const company = await fetch('/sdk/settings').then((r) => (r.ok ? r.json() : null), () => null) as { language?: string } | null;
    code = chooseConsoleLanguage([company?.language]) ?? 'en';
  }
  if (code !== 'en') {
    try {
      catalog = (await import(`/console/${__TANDEM_CONSOLE_LANGUAGES__[code]}`)).default;
    } catch {
      code = 'en';
    }
  }
  current = code;
  document.documentElement.lang = code;
}
