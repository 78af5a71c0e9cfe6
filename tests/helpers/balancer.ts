/**
 * A load balancer for tests: a TCP proxy on a random port handing each new connection to the next backend
 * in turn, no stickiness. A backend taken out (killed) gets no new connections; its open ones end with it,
 * and the clients' reconnects land on the others, as behind HAProxy or nginx.
 */
import * as net from 'node:net';

export type Balancer = {
  port: number;
  syncUrl: string;
  /** Which backend each accepted connection went to, in order. */
  routed: number[];
  remove: (port: number) => void;
  close: () => Promise<void>;
};

export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  const backends = [...backendPorts];
  const sockets = new Set<net.Socket>();
  const routed: number[] = [];
  let next = 0;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (backends.length === 0) return client.destroy();
    const port = backends[next++ % backends.length]!;
    routed.push(port);
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    routed,
    remove: (gone) => {
      const i = backends.indexOf(gone);
      if (i >= 0) backends.splice(i, 1);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
