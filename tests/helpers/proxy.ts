/**
 * A round-robin TCP proxy standing in for the load balancer of docker-compose.yml (deploy/haproxy.cfg) in
 * tests: each new connection goes to the next backend in turn, with no stickiness, and stays there for its
 * life, so an HTTP upgrade (a websocket) passes through untouched. A backend that refuses the connection (a
 * killed process) is skipped for the next one, as HAProxy's health check would take it out; when every backend
 * refuses, the client's connection is closed. Binds 127.0.0.1 on a random port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type Proxy = {
  port: number;
  httpUrl: string;
  syncUrl: string;
  /** How many connections each backend (by index) has been given so far. */
  counts: number[];
  close: () => Promise<void>;
};

export async function startProxy(backendPorts: number[]): Promise<Proxy> {
  const counts = backendPorts.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;

  const pipeTo = (client: Socket, attempt: number) => {
    if (attempt === backendPorts.length) {
      client.destroy();
      return;
    }
    const index = next;
    next = (next + 1) % backendPorts.length;
    const upstream = connect({ port: backendPorts[index] as number, host: '127.0.0.1' });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    let connected = false;
    upstream.on('error', () => {
      // Refused before connecting (a killed process): the same client connection tries the next backend.
      if (!connected && !client.destroyed) pipeTo(client, attempt + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      connected = true;
      counts[index] = (counts[index] ?? 0) + 1;
      client.resume();
      client.pipe(upstream);
      upstream.pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy: no port');
  const port = address.port;
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
