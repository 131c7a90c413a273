// Which mode the agent's view is in. Holding Ctrl points (the view turns blue,
// `data-mode="point"`: what the agent does now is seen by the customer); holding Alt controls
// (red, `data-mode="control"`), only when this session grants it. Agents who cannot hold keys
// use the toolbar: Point, Control, and the pointing tools Laser and Draw stay on until pressed
// again (or Escape). A legend says all this. Keys are read from the console and from the
// mirrored document (where focus may be); nothing is prevented, so the agent's own browser
// shortcuts keep working.
import { el } from '../dom';
import { t } from '../texts';

export type Mode = 'view' | 'point' | 'control';
export type Tool = 'point' | 'control' | 'laser' | 'draw';

export interface Modes {
  toolbar: HTMLElement;
  mode(): Mode;
  /** The sticky tool from the toolbar, if any. */
  tool(): Tool | null;
  setGrant(control: boolean): void;
  /** Listens to keys in another window too (the mirrored document's; call again after a rebuild). */
  watch(win: Window | null): void;
  destroy(): void;
}

const TOOLS: Tool[] = ['point', 'control', 'laser', 'draw'];
const labels = (): Record<Tool, string> => ({ point: t('Point'), control: t('Control'), laser: t('Laser'), draw: t('Draw') });

export function createModes(view: HTMLElement, onChange: (mode: Mode, tool: Tool | null) => void, onClear: () => void): Modes {
  let ctrl = false;
  let alt = false;
  let sticky: Tool | null = null;
  let granted = false;
  let current: Mode = 'view';
  const buttons = {} as Record<Tool, HTMLButtonElement>;
  const label = labels();
  for (const tool of TOOLS) {
    const b = el('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false', 'data-tool': tool }, label[tool]);
    b.addEventListener('click', () => {
      sticky = sticky === tool ? null : tool;
      update();
    });
    buttons[tool] = b;
  }
  const clear = el('button', { type: 'button', class: 'secondary' }, t('Clear drawing'));
  clear.addEventListener('click', onClear);
  const legend = el('p', { class: 'legend' },
    el('span', { class: 'key-point' }, el('kbd', {}, t('Ctrl')), t(' + click: point — the customer sees it')),
    el('span', { class: 'key-control' }, el('kbd', {}, t('Alt')), t(' + click: act on the customer’s page')),
    el('span', { id: 'keyboard-help' }, t('Keyboard: turn on a tool, Tab to the view, arrows choose, Enter acts')));
  const toolbar = el('div', { class: 'control-tools', role: 'toolbar', 'aria-label': t('Pointing and control') },
    legend, buttons.point, buttons.control, buttons.laser, buttons.draw, clear);

  function update(): void {
    if (sticky === 'control' && !granted) sticky = null;
    const next: Mode = alt && granted ? 'control' : ctrl ? 'point' : sticky === 'control' ? 'control' : sticky ? 'point' : 'view';
    view.dataset.mode = next;
    if (sticky === 'laser' || sticky === 'draw') view.dataset.tool = sticky;
    else delete view.dataset.tool;
    for (const [tool, b] of Object.entries(buttons)) b.setAttribute('aria-pressed', String(sticky === tool));
    current = next;
    onChange(next, sticky);
  }

  const onKey = (e: KeyboardEvent) => {
    const was = `${ctrl}${alt}`;
    ctrl = e.ctrlKey;
    alt = e.altKey;
    if (e.type === 'keydown' && e.key === 'Escape' && sticky) sticky = null;
    else if (`${ctrl}${alt}` === was) return;
    update();
  };
  const onMove = (e: MouseEvent) => {
    if (e.ctrlKey !== ctrl || e.altKey !== alt) onKey(e as unknown as KeyboardEvent);
  };
  const reset = () => {
    if (!ctrl && !alt) return;
    ctrl = alt = false;
    update();
  };
  const windows = new Set<Window>();
  function watch(win: Window | null): void {
    if (!win) return;
    win.addEventListener('keydown', onKey, true);
    win.addEventListener('keyup', onKey, true);
    win.addEventListener('mousemove', onMove, true);
    win.addEventListener('blur', reset);
    windows.add(win);
  }
  watch(window);
  update();

  return {
    toolbar,
    mode: () => current,
    tool: () => sticky,
    setGrant(control) {
      granted = control;
      buttons.control.disabled = !control;
      buttons.control.title = control ? t('Act on the customer’s page (or hold Alt)') : t('Remote control is not allowed in this session');
      legend.classList.toggle('no-control', !control);
      update();
    },
    watch,
    destroy() {
      for (const win of windows) {
        try {
          win.removeEventListener('keydown', onKey, true);
          win.removeEventListener('keyup', onKey, true);
          win.removeEventListener('mousemove', onMove, true);
          win.removeEventListener('blur', reset);
        } catch { /* a window gone */ }
      }
      windows.clear();
      toolbar.remove();
    },
  };
}
