import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStorageContract } from './contract.ts';
import { SqliteStorage } from './sqlite.ts';

let dir = '';
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
    expect(s.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
  });

  it('refuses a database written by a newer schema instead of corrupting it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-sqlite-'));
    const s = new SqliteStorage({ dataDir });
    s.db.exec('PRAGMA user_version = 99');
    s.db.close();
    expect(() => new SqliteStorage({ dataDir })).toThrow(/newer/);
  });
});
