import { MemoryStorage } from './memory.ts';
import { SqliteStorage } from './sqlite.ts';
import type { Storage } from './types.ts';

export type StorageConfig = { kind: 'sqlite'; dataDir: string } | { kind: 'memory' };

export function openStorage(config: StorageConfig): Storage {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteStorage({ dataDir: config.dataDir });
    case 'memory':
      return new MemoryStorage();
  }
}

export type { BoardRecord, Storage, StoredDocument } from './types.ts';
