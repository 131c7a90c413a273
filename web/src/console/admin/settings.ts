// Admin: the company's web domains and site settings — privacy and control selectors, the
// remote-control and typing switches, asking before control, and the wording and colour of the
// customer's widgets. Saved settings reach running SDKs at once (no site redeploy).
import type { SiteSettings } from '../../protocol';
import { api, ApiError } from '../api';
import { el } from '../dom';
import { languageName, t } from '../texts';

/** The widgets' languages built from web/src/sdk/languages (set by web/build.mjs). */
declare const __TANDEM_LANGUAGES__: Record<string, string>;

const textKeys = (): [string, string][] => [
  ['launcher', t('Launcher button')],
  ['consentTitle', t('Consent question')],
  ['consentBody', t('Consent explanation')],
  ['stop', t('Stop button')],
  ['redirectTitle', t('Redirect question')],
];

export function settingsSection(): HTMLElement {
  const error = el('p', { class: 'error', role: 'alert' });
  const saved = el('p', { class: 'saved', role: 'status' });
  const domains = el('textarea', { rows: '3', name: 'domains' });
  const fields = {
    mask_selector: el('input', { name: 'mask_selector' }),
    block_selector: el('input', { name: 'block_selector' }),
    allow_query_params: el('input', { name: 'allow_query_params', placeholder: 'q, page' }),
    no_control_selector: el('input', { name: 'no_control_selector' }),
    editable_selector: el('input', { name: 'editable_selector' }),
    color: el('input', { name: 'color', placeholder: '#2563eb' }),
  };
  const switches = {
    remote_control: el('input', { type: 'checkbox', name: 'remote_control' }),
    typing: el('input', { type: 'checkbox', name: 'typing' }),
    ask_before_control: el('input', { type: 'checkbox', name: 'ask_before_control' }),
    direct_assets: el('input', { type: 'checkbox', name: 'direct_assets' }),
  };
  const language = el('select', { name: 'language' },
    el('option', { value: '' }, t('The visitor’s browser language')),
    ...['en', ...Object.keys(__TANDEM_LANGUAGES__)].map((code) => el('option', { value: code, lang: code }, languageName(code))));
  const TEXT_KEYS = textKeys();
  const texts = new Map(TEXT_KEYS.map(([k]) => [k, el('input', { name: `text-${k}` })]));
  let site: SiteSettings | null = null;

  const form = el('form', { class: 'settings-form', 'aria-label': t('Site settings') },
    el('label', {}, t('Company domains (one per line)'), domains),
    el('label', {}, t('Masked elements (CSS selector)'), fields.mask_selector),
    el('label', {}, t('Blocked elements (CSS selector)'), fields.block_selector),
    el('label', {}, t('Query parameters the agent may see (names, comma-separated)'), fields.allow_query_params),
    el('label', {}, t('No-control zones (CSS selector)'), fields.no_control_selector),
    el('label', {}, t('Fields the agent may type in (CSS selector)'), fields.editable_selector),
    el('label', { class: 'check' }, switches.remote_control, t('Allow remote control')),
    el('label', { class: 'check' }, switches.typing, t('Allow agents to type')),
    el('label', { class: 'check' }, switches.ask_before_control, t('Ask the customer before control starts')),
    el('label', { class: 'check' }, switches.direct_assets, t('Agents’ browsers load the site’s images, fonts and styles directly (not through Tandem)')),
    el('label', {}, t('Widget colour'), fields.color),
    el('label', {}, t('Company language: widgets, and the console for agents whose browser language it lacks'), language),
    ...TEXT_KEYS.map(([k, label]) => el('label', {}, t('Text: {label}', { label }), texts.get(k)!)),
    el('button', { type: 'submit' }, t('Save settings')), saved, error);

  async function load(): Promise<void> {
    const s = await api.settings();
    site = s.site;
    domains.value = s.domains.join('\n');
    for (const [k, input] of Object.entries(fields)) input.value = (s.site as unknown as Record<string, string>)[k] ?? '';
    for (const [k, box] of Object.entries(switches)) box.checked = !!(s.site as unknown as Record<string, boolean>)[k];
    for (const [k, input] of texts) input.value = s.site.texts[k] ?? '';
    language.value = s.site.language ?? '';
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    saved.textContent = '';
    const next: SiteSettings = {
      ...(site as SiteSettings),
      mask_selector: fields.mask_selector.value.trim(),
      block_selector: fields.block_selector.value.trim(),
      allow_query_params: fields.allow_query_params.value.trim(),
      no_control_selector: fields.no_control_selector.value.trim(),
      editable_selector: fields.editable_selector.value.trim(),
      color: fields.color.value.trim(),
      remote_control: switches.remote_control.checked,
      typing: switches.typing.checked,
      ask_before_control: switches.ask_before_control.checked,
      direct_assets: switches.direct_assets.checked,
      language: language.value,
      texts: Object.fromEntries([...texts].filter(([, i]) => i.value.trim()).map(([k, i]) => [k, i.value.trim()])),
    };
    try {
      await api.setDomains(domains.value.split(/\s+/).filter(Boolean));
      site = (await api.setSite(next)).site;
      saved.textContent = t('Saved. Running pages use the new settings now.');
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
    }
  });
  void load().catch((e) => (error.textContent = String(e)));
  return el('section', { 'aria-label': t('Site settings') }, el('h2', {}, t('Company site')), form);
}
