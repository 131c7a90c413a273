// Warming the mirror before the first snapshot: while the agent waits for the customer's code and
// consent, a made-up page of a real page's size (no customer's data in it) is built a few times
// into a hidden sandboxed frame, and a small frame is inflated once. The customer's first snapshot
// then runs code V8 has already compiled and optimised instead of its first tiers: the cold first
// frame was 120–156 ms against 52–65 ms warm (BENCHMARKS.md, "First frame"). Once per console page;
// it stops as soon as the real snapshot is on its way, so it never competes with it.
import { Kind, OpCode, type Child, type DocT, type ElementT, type Op } from '../../dom/format';
import { createMirror } from '../../dom/mirror';

/** Rounds of building; each is one task of a few to ~30 ms (cold) on this machine. */
const ROUNDS = 6;
/** Elements in the made-up page: about the 1.7k of the first-frame target's page. */
const ELEMENTS = 1800;

let warmed = false;

/** A page of `n` elements shaped like a shop's: sections of headings, text, links, inputs. */
export function syntheticPage(n: number): DocT {
  const sections: ElementT[] = [];
  let made = 0;
  for (let s = 0; made < n; s++) {
    const items: Child[] = [];
    for (let i = 0; i < 12 && made < n; i++, made += 4) {
      items.push(['li', ['class', `item item-${i}`, 'data-i', String(i)],
        ['a', ['href', `https://shop.invalid/p/${s}/${i}`, 'title', 'Product'], `Product ${s}.${i}`],
        ['span', ['class', 'price', 'style', 'color: #333; font-weight: 600'], `${(s * 7 + i) % 90}.00`],
        ['input', ['type', 'checkbox', 'aria-label', 'Compare'], [Kind.State, i % 2]]]);
    }
    sections.push(['section', ['class', 'shelf', 'id', `s${s}`], ['h2', 0, `Shelf ${s}`], ['p', 0, 'Lorem ipsum dolor sit amet, consectetur.'], ['ul', ['class', 'grid'], ...items]]);
    made += 4;
  }
  const style: ElementT = ['style', 0, '.grid{display:grid;grid-template-columns:repeat(4,1fr)}.price{float:right}'];
  return [Kind.Doc, [Kind.Doctype, 'html', '', ''], ['html', ['lang', 'en'], ['head', 0, ['title', 0, 'Warm-up'], style], ['body', 0, ...sections]]];
}

/** Inflates a small deflated frame once, so the first real one does not set the streams up. */
async function warmInflate(): Promise<void> {
  const deflated = await new Response(new Blob(['{"warm":"up"}']).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  await new Response(new Blob([deflated]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
}

export interface Warmup {
  /** Stop now (the real snapshot is coming, or the panel closed). */
  stop(): void;
}

/** Starts warming unless this console page already has; returns how to stop it. */
export function warmMirror(): Warmup {
  if (warmed || typeof document === 'undefined') return { stop() {} };
  warmed = true;
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-same-origin');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.style.cssText = 'position:fixed;left:-10000px;top:0;width:1280px;height:800px;visibility:hidden;pointer-events:none;border:0';
  document.body.append(iframe);
  const mirror = createMirror(iframe, {});
  const page: Op[] = [[OpCode.Snapshot, syntheticPage(ELEMENTS)]];
  let round = 0;
  let timer = 0;
  let stopped = false;

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    mirror.destroy();
    iframe.remove();
  }
  function next(): void {
    if (stopped) return;
    mirror.apply(page);
    if (++round >= ROUNDS) stop();
    // A gap between rounds leaves the agent's page responsive and lets V8 compile in the background.
    else timer = window.setTimeout(next, 30);
  }
  timer = window.setTimeout(next, 0);
  void warmInflate().catch(() => {});
  return { stop };
}
