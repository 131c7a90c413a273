// The customer's socket to the Tandem server it was loaded from. It reconnects with backoff
// when the network drops (the session resumes with its token), at once when a restarting
// server node asks it to (its balancer then picks another node), and gives up for good on the
// server's refusal codes (wrong origin, malformed, forbidden).
import { CloseCode, type FromCustomer, type ToCustomer } from '../protocol';

export interface Connection {
  send(msg: FromCustomer): void;
  sendFrame(frame: Uint8Array): void;
  /** True while the socket is open. */
  open(): boolean;
  close(): void;
}

export interface ConnectionEvents {
  onOpen(): void;
  onMessage(msg: ToCustomer): void;
  onRefused(code: number, reason: string): void;
  /** A connection attempt failed before opening (server down, or this page's origin refused). */
  onUnavailable(): void;
}

const FINAL_CLOSE_CODES = new Set<number>([CloseCode.MALFORMED, CloseCode.FORBIDDEN, CloseCode.GONE, CloseCode.TOO_BIG]);
/** Reconnecting at once is for a node going away, not for a loop: at most once a second. */
const AT_ONCE_EVERY_MS = 1000;

export function connect(url: string, events: ConnectionEvents): Connection {
  let socket: WebSocket | null = null;
  let closed = false;
  let retry = 0;
  let atOnceAt = -AT_ONCE_EVERY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending: string[] = [];

  function start(): void {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      // The greeting (hello, resume) goes before anything queued while connecting.
      events.onOpen();
      for (const m of pending.splice(0)) ws.send(m);
    };
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      try {
        events.onMessage(JSON.parse(e.data) as ToCustomer);
      } catch {
        /* a message this SDK version does not know: ignore */
      }
    };
    let opened = false;
    ws.addEventListener('open', () => (opened = true));
    ws.onclose = (e) => {
      socket = null;
      if (closed) return;
      if (!opened) events.onUnavailable();
      if (FINAL_CLOSE_CODES.has(e.code)) {
        closed = true;
        events.onRefused(e.code, e.reason);
        return;
      }
      if (e.code === CloseCode.RECONNECT && performance.now() - atOnceAt >= AT_ONCE_EVERY_MS) {
        atOnceAt = performance.now();
        start();
        return;
      }
      retry = Math.min(retry + 1, 5);
      timer = setTimeout(start, 500 * 2 ** retry);
    };
  }

  start();
  return {
    send(msg) {
      const text = JSON.stringify(msg);
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
      else pending.push(text);
    },
    sendFrame(frame) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
    },
    open: () => !!socket && socket.readyState === WebSocket.OPEN,
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close(1000);
      socket = null;
    },
  };
}
