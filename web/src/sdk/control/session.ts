// Pointing and remote control on a shared page: routes the server's messages to the executor
// (commands, under the policy) and to the marks (the agent's pointer, circles, drawing).
import { nameOf } from '../../dom/name';
import { createAnnouncer, type Announcer } from '../widgets/announcer';
import { createMarks, type Marks } from '../widgets/marks';
import type { Ui } from '../widgets/ui';
import { createExecutor, elementAt, type Grant } from './index';
import { controlTexts } from './texts';
import type { Control, ControlDeps } from './types';

export function createControl(win: Window, deps: ControlDeps): Control {
  let grant: Grant | null = null;
  let marks: Marks | null = null;
  let marksUi: Ui | null = null;
  let announcer: Announcer | null = null;
  let announcerUi: Ui | null = null;
  /** Says `text` in the live region, made on first use and again when the SDK rebuilt its widgets. */
  function announce(text: string): void {
    const ui = deps.ui();
    if (!ui) return;
    if (announcerUi !== ui) {
      announcer?.remove();
      announcer = createAnnouncer(ui);
      announcerUi = ui;
    }
    announcer?.say(text);
  }
  /** "… is pointing at: Checkout", from what is under the agent's point on this page. */
  function pointedAt(x: number, y: number): void {
    const texts = controlTexts(deps.options().texts);
    const target = nameOf(elementAt(win.document, x, y));
    const agent = deps.agent() || texts.agentName;
    announce(target ? texts.pointingAt.replace('{agent}', agent).replace('{target}', target) : texts.pointing.replace('{agent}', agent));
  }
  const executor = createExecutor(win, {
    ...deps,
    grant: () => grant,
    report: (seq, performed, action, reason) => deps.send({ t: 'control_report', seq, performed, action, reason }),
    status: (status) => deps.send({ t: 'control_status', status }),
    typing: (field) => (field ? shown()?.typing(field) : marks?.typing(null)),
    announce,
  });

  /** The marks layer, made on first use and again when the SDK rebuilt its widgets. */
  function shown(): Marks | null {
    const ui = deps.ui();
    if (marks && marksUi === ui) return marks;
    marks?.remove();
    marksUi = ui;
    marks = ui && createMarks(ui, controlTexts(deps.options().texts), deps.agent, () => deps.send({ t: 'clear_drawing' }));
    return marks;
  }

  function pause(): void {
    grant = null;
    executor.stop();
    marks?.remove();
    marks = null;
  }

  return {
    handle(msg) {
      switch (msg.t) {
        case 'grant':
          grant = { control: msg.control, typing: msg.typing };
          break;
        case 'pointer':
          shown()?.pointer(msg.x, msg.y, msg.mode);
          executor.pointing(msg.mode);
          break;
        case 'point':
          shown()?.point(msg.x, msg.y);
          pointedAt(msg.x, msg.y);
          break;
        case 'stroke': shown()?.stroke(msg.points); break;
        case 'clear_drawing': marks?.clear(); break;
        case 'control': executor.run(msg.seq, msg.target, msg.command); break;
      }
    },
    pause,
    end() {
      pause();
      executor.forget();
    },
  };
}
