// The console's language chooser in the top bar: each language named in itself; a choice is
// kept in this browser and the console is drawn again in it (texts.ts).
import { el } from './dom';
import { chooseLanguage, consoleLanguages, currentLanguage, languageName, t } from './texts';

export function languageChooser(): HTMLElement {
  const select = el('select', { name: 'console-language' }, ...consoleLanguages().map((code) => el('option', { value: code, lang: code }, languageName(code))));
  select.value = currentLanguage();
  select.addEventListener('change', () => chooseLanguage(select.value));
  return el('label', { class: 'language' }, t('Language'), select);
}
