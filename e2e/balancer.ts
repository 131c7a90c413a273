// A small TCP round-robin balancer for tests that run several Tandem nodes behind one address,
// as a contact centre's load balancer does: each new connection goes to the next node; a node
// that refuses (it is draining or down) is skipped for the next one. Connections are piped
// byte for byte (HTTP, WebSocket), so it sees nothing of what they carry.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Balancer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Connections handed to each backend port, for diagnostics. */
  handed: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  let next = 0;
  const handed = new Map<number, number>();
  const open = new Set<Socket>();

  function forward(client: Socket, attempt: number): void {
    if (attempt >= backendPorts.length) {
      client.destroy();
      return;
    }
    const port = backendPorts[next];
    next = (next + 1) % backendPorts.length;
    const upstream = connect({ host: '127.0.0.1', port });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      handed.set(port, (handed.get(port) ?? 0) + 1);
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) forward(client, attempt + 1);
      else client.destroy();
    });
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    forward(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    handed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
