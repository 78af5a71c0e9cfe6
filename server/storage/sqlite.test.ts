import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../tests/helpers/clients.ts';
import { describeStorageContract } from './contract.ts';
import { SqliteStorage } from './sqlite.ts';

let dir = '';

/**
 * Whether every frame of the WAL has been checkpointed, read from the wal-index (the -shm file) without
 * opening a connection, which would checkpoint by itself: mxFrame is the u32 at byte 16 of the index
 * header, nBackfill the u32 at byte 96 (the checkpoint info after the two header copies), both in the
 * machine's byte order (https://www.sqlite.org/walformat.html).
 */
function walBackfilled(dataDir: string): boolean {
  const shm = readFileSync(join(dataDir, 'plenary.db-shm'));
  const mxFrame = shm.readUInt32LE(16);
  return mxFrame > 0 && shm.readUInt32LE(96) === mxFrame;
}
describeStorageContract('sqlite', {
  open: async () => {
    dir = mkdtempSync(join(tmpdir(), 'plenary-sqlite-'));
    return new SqliteStorage({ dataDir: dir });
  },
  reopen: async () => new SqliteStorage({ dataDir: dir }),
});

describe('sqlite specifics', () => {
  it('uses WAL and records the schema version', () => {
    const s = new SqliteStorage({ dataDir: mkdtempSync(join(tmpdir(), 'plenary-sqlite-')) });
    expect(s.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(s.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
  });

  it('checkpoints the write-ahead log from a worker thread, not the event loop', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-sqlite-'));
    const s = new SqliteStorage({ dataDir });
    expect(s.db.prepare('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 0 });
    // A server that has written nothing has no WAL to move, and no worker to pay for.
    await s.getBoard('b');
    await s.loadDocument('b');
    expect(s.checkpointing).toBe(false);
    await s.appendUpdate('b', new Uint8Array(4096));
    expect(s.checkpointing).toBe(true);
    for (let i = 1; i < 200; i++) await s.appendUpdate('b', new Uint8Array(4096).fill(i));
    const walSize = () => statSync(join(dataDir, 'plenary.db-wal')).size;
    const grown = walSize();
    expect(grown).toBeGreaterThan(200 * 4096);
    // The worker checkpoints on its own timer: wait until it has copied every frame back into the database,
    // then the WAL is reused from its start and new writes stop growing it.
    await waitFor(() => walBackfilled(dataDir), 'a checkpoint by the worker', 15_000);
    for (let i = 0; i < 50; i++) await s.appendUpdate('b', new Uint8Array(4096).fill(i));
    expect(walSize()).toBe(grown);
    expect((await s.loadDocument('b')).updates).toHaveLength(250);
    await s.close();
  });

  it('writes the updates appended in one turn in one transaction, and stores a pending one on close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-sqlite-'));
    const s = new SqliteStorage({ dataDir, checkpointInWorker: false });
    // PRAGMA data_version changes with each commit made by another connection: a second one counts ours.
    const watcher = new SqliteStorage({ dataDir, checkpointInWorker: false });
    const seen = () => (watcher.db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    const before = seen();
    const seqs = await Promise.all([1, 2, 3, 4].map((i) => s.appendUpdate(`turn-${i % 2}`, new Uint8Array([i]))));
    expect(seen()).toBe(before + 1);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const pending = s.appendUpdate('turn-0', new Uint8Array([9]));
    await s.close();
    const seq = await pending;
    const again = new SqliteStorage({ dataDir, checkpointInWorker: false });
    const stored = await again.loadDocument('turn-0');
    expect(stored.updates.map((u) => [...u])).toEqual([[2], [4], [9]]);
    expect(stored.lastSeq).toBe(seq);
    await again.close();
    await watcher.close();
  });

  it('refuses a database written by a newer schema instead of corrupting it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-sqlite-'));
    const s = new SqliteStorage({ dataDir });
    s.db.exec('PRAGMA user_version = 99');
    s.db.close();
    expect(() => new SqliteStorage({ dataDir })).toThrow(/newer/);
  });
});
