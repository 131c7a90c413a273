// Default wording of the pointing and remote-control widgets. Kept with the control chunk so
// pages that never co-browse do not carry it; a site's or company's texts still override it.
import type { Texts } from '../options';

export type ControlTexts = Required<Pick<Texts, 'controlling' | 'takeBack' | 'askControlTitle' | 'askControlBody' | 'allow' | 'deny' | 'pointing' | 'pointingAt' | 'controlEnded' | 'typingHere' | 'clearDrawing' | 'agentName'>>;

const DEFAULTS: ControlTexts = {
  controlling: '{agent} is controlling this page',
  takeBack: 'Take back control',
  askControlTitle: 'Allow remote control?',
  askControlBody: '{agent} would like to click and type on this page for you. You can take back control at any time.',
  allow: 'Allow',
  deny: 'Deny',
  pointing: '{agent} is pointing here',
  pointingAt: '{agent} is pointing at: {target}',
  controlEnded: '{agent} stopped controlling this page',
  typingHere: '{agent} is typing here',
  clearDrawing: 'Clear drawing',
  agentName: 'Your agent',
};

/** The control widgets' texts: the defaults, then whatever the site or company set. */
export function controlTexts(texts: Texts): ControlTexts {
  const out = { ...DEFAULTS };
  for (const k of Object.keys(DEFAULTS) as (keyof ControlTexts)[]) if (texts[k]) out[k] = texts[k] as string;
  return out;
}
