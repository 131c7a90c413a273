// Recording what crosses the wire in an end-to-end test: every WebSocket frame a page sends or
// receives, decoded to text (DOM frames: the transport's header — a kind byte and the frame's
// number — then JSON, raw-deflated when large).
import { inflateRawSync } from 'node:zlib';
import type { Page, WebSocket } from '@playwright/test';
import { FRAME_HEADER } from '../web/src/transport/frame';

export function decode(payload: string | Buffer): string {
  if (typeof payload === 'string') return payload;
  const body = payload.subarray(FRAME_HEADER);
  return payload[0] === 1 ? inflateRawSync(body).toString('utf8') : body.toString('utf8');
}

/** Records, decoded, the frames `page` sends or receives on any of its WebSockets from now on. */
export function record(page: Page, direction: 'framesent' | 'framereceived', into: string[]): void {
  page.on('websocket', (ws: WebSocket) => ws.on(direction, (f) => into.push(decode(f.payload))));
}
