import { expect, it } from 'vitest';
import { buildClient, launchBrowser } from '/work/main/tests/helpers/browser.ts';
import { startServer } from '/work/main/tests/helpers/server.ts';

it('debug', async () => {
  const clientDir = await buildClient();
  const server = await startServer({ clientDir, logger: { level: 'debug' } as never });
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 200)));
  page.on('websocket', (ws) => {
    console.log('WS open', ws.url().replace(/token=.*/, 'token=…'));
    ws.on('framereceived', (f) => console.log('WS recv', typeof f.payload === 'string' ? f.payload.length : f.payload.length, typeof f.payload === 'string' ? '' : [...f.payload.subarray(0, 4)]));
    ws.on('framesent', (f) => console.log('WS sent', typeof f.payload === 'string' ? f.payload.length : f.payload.length, typeof f.payload === 'string' ? '' : [...f.payload.subarray(0, 4)]));
    ws.on('close', () => console.log('WS close'));
  });
  const board = await server.createBoard({ title: 'dbg' });
  await page.goto(`${server.httpUrl}/b/${board.boardId}#token=${board.editToken}`);
  await new Promise((r) => setTimeout(r, 3000));
  console.log('STATUS', await page.getByRole('status').textContent());
  await browser.close();
  await server.close();
  expect(1).toBe(1);
}, 60000);
