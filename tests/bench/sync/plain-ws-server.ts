/**
 * The floor of scenario (d): a plain `ws` server that already holds a sync step 2 frame (FRAME_FILE) and sends
 * it, as it is, in answer to each client's first message. No HTTP framework, no token, no storage, no Yjs: what
 * is left of a first visit is Node, ws and the transfer of the bytes to the client.
 */
import { readFileSync } from 'node:fs';
import { WebSocketServer } from 'ws';

const frame = readFileSync(process.env.FRAME_FILE as string);
const wss = new WebSocketServer({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.once('message', () => ws.send(frame));
});
