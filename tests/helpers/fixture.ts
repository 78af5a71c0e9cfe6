/** A real server per test, and every client the test opened on it, all closed after each test. */
import { afterEach } from 'vitest';
import type * as Y from 'yjs';
import type { AppOptions } from '../../server/app.ts';
import { connectClient, type Client } from './clients.ts';
import { startServer, type TestServer } from './server.ts';

export function serverPerTest() {
  let current: TestServer | null = null;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await current?.close();
    current = null;
  });
  return {
    start: async (options: Partial<AppOptions> = {}): Promise<TestServer> => (current = await startServer(options)),
    client: (docId: string, token: string, doc?: Y.Doc): Client => {
      if (!current) throw new Error('start the server first');
      const c = connectClient(current.syncUrl, docId, token, doc);
      clients.push(c);
      return c;
    },
  };
}
