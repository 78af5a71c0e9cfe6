/**
 * The floor of scenario (a): a websocket relay that does nothing a sync server must do (no Yjs, no storage, no
 * tokens, no presence). It answers a client's sync step 1 with an empty step 2 and copies every update message
 * to the other sockets of its room. With FLOOR_PREFRAMED=1 it frames each message once and writes the same
 * bytes to every socket (server frames are unmasked), bypassing ws's per-socket Sender.
 * Run in place of the reference: `BENCH_REFERENCE_SERVER=tests/bench/sync/floor-server.js npm run bench:sync -- --only=a`.
 * Plain JavaScript so it runs on any Node without type stripping.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const STEP2_EMPTY = Uint8Array.of(0, 1, 2, 0, 0);
const preframed = process.env.FLOOR_PREFRAMED === '1';
/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map();

function frame(data) {
  const n = data.byteLength;
  const head = n < 126 ? Buffer.from([0x82, n]) : n < 65536 ? Buffer.from([0x82, 126, n >> 8, n & 255]) : null;
  if (!head) throw new Error('frame too large for the floor server');
  return Buffer.concat([head, data]);
}

const http = createServer((_req, res) => res.end('floor'));
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const name = req.url ?? '/';
    let room = rooms.get(name);
    if (!room) rooms.set(name, (room = new Set()));
    room.add(ws);
    ws.on('message', (data) => {
      const bytes = /** @type {Buffer} */ (data);
      if (bytes[0] !== 0) return;
      if (bytes[1] === 0) ws.send(STEP2_EMPTY);
      else if (bytes[1] === 2) {
        if (preframed) {
          const out = frame(bytes);
          for (const other of room) if (other !== ws) other._socket.write(out);
        } else {
          for (const other of room) if (other !== ws) other.send(bytes);
        }
      }
    });
    ws.on('close', () => room.delete(ws));
  });
});
http.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
