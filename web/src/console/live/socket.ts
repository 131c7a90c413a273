// The agent's socket for one session. Text frames are control messages; binary frames are the
// customer's DOM frames. It reconnects while the session is live (the server then asks the
// customer for a fresh snapshot, so the view is whole again at once). A restarting server node
// asks it to reconnect: it does so at once, and the balancer sends it to another node.
// The console's socket carries the sign-in cookie; the embedded view, which has none, offers
// its embed token as a subprotocol beside `tandem.embed` (never in the URL, which logs keep).
import { CloseCode, type FromAgent, type ToAgent } from '../../protocol';

export interface AgentSocket {
  send(msg: FromAgent): void;
  close(): void;
}

export interface AgentSocketEvents {
  onMessage(msg: ToAgent): void;
  onFrame(frame: ArrayBuffer): void;
  onDisconnected(): void;
}

export function openAgentSocket(sessionId: string, events: AgentSocketEvents, token?: string): AgentSocket {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent/${encodeURIComponent(sessionId)}`;
  let ws: WebSocket | null = null;
  let closed = false;
  let retry = 0;
  let atOnceAt = -1000;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function start(): void {
    const socket = token ? new WebSocket(url, ['tandem.embed', `tandem.token.${token}`]) : new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    ws = socket;
    socket.onopen = () => (retry = 0);
    socket.onmessage = (e) => {
      if (typeof e.data === 'string') {
        try {
          events.onMessage(JSON.parse(e.data) as ToAgent);
        } catch {
          /* unknown message from a newer server: ignore */
        }
      } else {
        events.onFrame(e.data as ArrayBuffer);
      }
    };
    socket.onclose = (e) => {
      ws = null;
      if (closed) return;
      // Moving to another node takes a moment, and the view stays current meanwhile (at most
      // once a second, so a confused balancer cannot make a loop of it).
      if (e.code === CloseCode.RECONNECT && performance.now() - atOnceAt >= 1000) {
        atOnceAt = performance.now();
        start();
        return;
      }
      events.onDisconnected();
      if (e.code >= 4400 && e.code < 4500) return; // refused for good
      retry = Math.min(retry + 1, 5);
      timer = setTimeout(start, 300 * 2 ** retry);
    };
  }

  start();
  return {
    send(msg) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
    },
    close() {
      closed = true;
      clearTimeout(timer);
      ws?.close(1000);
    },
  };
}
