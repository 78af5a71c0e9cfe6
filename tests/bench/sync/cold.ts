/**
 * Scenario d: a board of 10,000 updates, each adding one sticky note the way the app does (shared/doc's addNote:
 * a Y.Map of ten fields and a Y.Text per note, about 3 MB in all), written through the protocol; then the time
 * from a new client's `new WebSocket()` (with the board's edit token) to the arrival of the server's sync step 2
 * holding the whole board (checked afterwards: the step 2 applied to an empty doc must hold every note).
 *
 * Ours, three ways, each restarted `reps` times on a fresh copy of the DATA_DIR as the first stop left it (the
 * server may compact right after loading, which would change what the next restart finds). Each restart is a
 * brand-new process started as `npm start` starts it, and the timed client is its very first connection: the
 * bench waits only until the port accepts a TCP connection, so the token check, opening the board in storage
 * and every code path on the way run for the first time in that process:
 * - raw:       compaction disabled, kill -9 after writing: 10,000 rows in board_updates, the worst case;
 * - kill -9:   default compaction policy, kill -9 after writing: a snapshot plus the tail since the last one;
 * - SIGTERM:   default compaction policy, graceful stop after writing: one snapshot.
 * After each restart's first client, `reps` more clients join the now loaded room ("live room"). Each restart also
 * records the time from spawning the process until its port accepts: work a server does before it listens (our
 * warm start: folding a crash's tail, reading snapshots ahead) is paid there, and reported.
 * The reference keeps nothing, so it cannot serve a board after a restart at all: for it only the live-room time
 * is measured, on a room that received the same 10,000 updates.
 * The floor: a plain `ws` server (plain-ws-server.ts) that already holds the very bytes our server sent, started
 * and timed the same way: what no server can go below on this machine with this client.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import { addNote } from '../../../shared/doc/board-doc.ts';
import { BOARD_MAPS } from '../../../shared/doc/layout.ts';
import { createRoom, removeDir, startOurs, startPlain, startReference, tempDir, type RunningServer } from './servers.ts';
import { round } from './stats.ts';
import { BenchClient, syncFrame } from './wire.ts';

export type ColdVariant = 'raw' | 'kill9' | 'sigterm';

export type ColdResult = {
  target: 'ours' | 'reference' | 'plain';
  variant: ColdVariant | 'live-only' | 'floor';
  updates: number;
  /** What storage held when the server restarted (ours only). */
  stored: { updates: number; snapshot: boolean } | null;
  /** First client after each restart (ours only). */
  coldMs: number[];
  /** Further clients on the loaded room. */
  liveMs: number[];
  /** From spawning each restarted process until its port accepted a connection (ours and the floor). */
  startMs: number[];
  stateBytes: number;
  writeSeconds: number;
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `count` update frames from client 1, each adding one sticky note (a 100 x 100 grid of them), and the Yjs clock
 * of client 1 after each (a note spans many clocks: its map, fields and every character of its text).
 */
function noteFrames(count: number): { frames: Uint8Array[]; clockAfter: number[] } {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const frames: Uint8Array[] = [];
  const clockAfter: number[] = [];
  doc.on('update', (update: Uint8Array) => {
    frames.push(syncFrame(2, update));
    clockAfter.push(Y.getState(doc.store, 1));
  });
  for (let i = 0; i < count; i++) {
    addNote(doc, {
      id: `note-${i}`,
      text: `Idea ${i}: a sticky note of a few words`,
      author: `participant ${i % 40}`,
      x: (i % 100) * 120,
      y: Math.floor(i / 100) * 120,
      createdAt: 1_780_000_000_000 + i,
    });
  }
  doc.destroy();
  return { frames, clockAfter };
}

/** Writes `count` note updates from one client and waits until a second client has received all of them. */
export async function writeBoard(url: string, count: number): Promise<number> {
  const { frames, clockAfter } = noteFrames(count);
  // The observer reports each clock of a relayed update (wire.ts), so "relayed up to note i" is read from the
  // highest clock of client 1 seen, not from a count of callbacks.
  let seenClock = 0;
  let got = 0;
  const writer = new BenchClient(1, 0, url, {});
  const observer = new BenchClient(2, 0, url, {
    onUpdate: (_receiver, client, clock) => {
      if (client !== 1 || clock < seenClock) return;
      seenClock = clock + 1;
      while (got < count && (clockAfter[got] as number) <= seenClock) got++;
    },
  });
  await writer.connect();
  await observer.connect();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    writer.send(frames[i] as Uint8Array);
    // Keep at most 1,000 in flight, so neither side buffers the whole run.
    if (i % 250 === 249) {
      const deadline = Date.now() + 60_000;
      while (got < i + 1 - 1000) {
        if (Date.now() > deadline) throw new Error('the server stopped relaying while the board was written');
        await sleep(2);
      }
    }
  }
  const deadline = Date.now() + 60_000;
  while (got < count) {
    if (Date.now() > deadline) throw new Error(`only ${got} of ${count} updates came back`);
    await sleep(5);
  }
  writer.close();
  observer.close();
  return (performance.now() - start) / 1000;
}

/** The full state our server last sent, as a sync step 2 frame in a file: what the floor's plain server sends. */
let servedFrameFile: string | null = null;

/** Connects a fresh client and times it until the server's step 2 arrives; checks that it holds `count` items. */
export async function timeFullSync(url: string, count: number, keep = false): Promise<{ ms: number; bytes: number }> {
  let payload: Uint8Array | null = null;
  let end = 0;
  const client = new BenchClient(1_000_000, 0, url, {
    onStep2: (_receiver, update) => {
      end = performance.now();
      payload = update.slice();
    },
  });
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.connect(),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('no full state within 30 s')), 30_000);
    }),
  ]);
  clearTimeout(timer);
  client.close();
  const state = payload as Uint8Array | null;
  if (!state) throw new Error('no sync step 2');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const items = doc.getMap(BOARD_MAPS.notes).size;
  doc.destroy();
  if (items !== count) throw new Error(`the new client got ${items} of ${count} notes`);
  if (keep) {
    servedFrameFile ??= join(tempDir('plenary-bench-frame-'), 'step2.bin');
    writeFileSync(servedFrameFile, syncFrame(1, state));
  }
  return { ms: end - start, bytes: state.byteLength };
}

export function storedCounts(dataDir: string, boardId: string): { updates: number; snapshot: boolean } {
  const db = new DatabaseSync(join(dataDir, 'plenary.db'), { readOnly: true });
  try {
    const u = db.prepare('SELECT COUNT(*) AS n FROM board_updates WHERE board_id = ?').get(boardId) as { n: number };
    const s = db.prepare('SELECT COUNT(*) AS n FROM board_snapshots WHERE board_id = ?').get(boardId) as { n: number };
    return { updates: u.n, snapshot: s.n > 0 };
  } finally {
    db.close();
  }
}

const NO_COMPACTION = { COMPACT_AFTER_UPDATES: '1000000000', COMPACT_AFTER_BYTES: '1000000000000' };

export async function coldOurs(variant: ColdVariant, count: number, reps: number): Promise<ColdResult> {
  const dataDir = tempDir('plenary-bench-cold-');
  const env = variant === 'raw' ? NO_COMPACTION : {};
  let server: RunningServer | null = null;
  try {
    server = await startOurs(dataDir, env);
    const port = server.port;
    const url = await createRoom(server, 0);
    const boardId = new URL(url).pathname.split('/').at(-1) as string;
    const writeSeconds = await writeBoard(url, count);
    await server.stop(variant === 'sigterm' ? 'SIGTERM' : 'SIGKILL');
    const stored = storedCounts(dataDir, boardId);
    const pristine = tempDir('plenary-bench-cold-copy-');
    cpSync(dataDir, pristine, { recursive: true });
    const coldMs: number[] = [];
    const liveMs: number[] = [];
    const startMs: number[] = [];
    let stateBytes = 0;
    for (let rep = 0; rep < reps; rep++) {
      removeDir(dataDir);
      cpSync(pristine, dataDir, { recursive: true });
      server = await startOurs(dataDir, env, port, true);
      startMs.push(server.readyMs);
      const cold = await timeFullSync(url, count, rep === 0);
      coldMs.push(round(cold.ms, 1));
      stateBytes = cold.bytes;
      for (let i = 0; i < reps; i++) liveMs.push(round((await timeFullSync(url, count)).ms, 1));
      await server.stop('SIGKILL');
    }
    removeDir(pristine);
    return { target: 'ours', variant, updates: count, stored, coldMs, liveMs, startMs, stateBytes, writeSeconds: round(writeSeconds, 1) };
  } finally {
    await server?.stop('SIGKILL');
    removeDir(dataDir);
  }
}

export async function liveReference(count: number, reps: number): Promise<ColdResult> {
  const server = await startReference();
  try {
    const url = await createRoom(server, 0);
    const writeSeconds = await writeBoard(url, count);
    const liveMs: number[] = [];
    let stateBytes = 0;
    for (let i = 0; i < reps * reps; i++) {
      const live = await timeFullSync(url, count);
      liveMs.push(round(live.ms, 1));
      stateBytes = live.bytes;
    }
    return {
      target: 'reference',
      variant: 'live-only',
      updates: count,
      stored: null,
      coldMs: [],
      liveMs,
      startMs: [],
      stateBytes,
      writeSeconds: round(writeSeconds, 1),
    };
  } finally {
    await server.stop('SIGKILL');
  }
}

/**
 * The floor: `reps` fresh processes of the plain ws server holding the frame our server sent (coldOurs ran first),
 * each timed like ours: its first client once the port accepts, then `reps` more.
 */
export async function plainFloor(count: number, reps: number): Promise<ColdResult> {
  const frameFile = servedFrameFile;
  if (!frameFile) throw new Error('the floor needs the state our server sent: run coldOurs first');
  const coldMs: number[] = [];
  const liveMs: number[] = [];
  const startMs: number[] = [];
  let stateBytes = 0;
  for (let rep = 0; rep < reps; rep++) {
    const server = await startPlain(frameFile);
    try {
      startMs.push(server.readyMs);
      const url = `ws://127.0.0.1:${server.port}/floor`;
      const cold = await timeFullSync(url, count);
      coldMs.push(round(cold.ms, 1));
      stateBytes = cold.bytes;
      for (let i = 0; i < reps; i++) liveMs.push(round((await timeFullSync(url, count)).ms, 1));
    } finally {
      await server.stop('SIGKILL');
    }
  }
  removeDir(dirname(frameFile));
  servedFrameFile = null;
  return { target: 'plain', variant: 'floor', updates: count, stored: null, coldMs, liveMs, startMs, stateBytes, writeSeconds: 0 };
}

