import { MemoryStorage } from './memory.ts';
import { SqliteStorage } from './sqlite.ts';
import type { Storage } from './types.ts';

export type StorageConfig =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'memory' }
  | { kind: 'postgres'; connectionString: string; schema?: string };

export async function openStorage(config: StorageConfig): Promise<Storage> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteStorage({ dataDir: config.dataDir });
    case 'memory':
      return new MemoryStorage();
    case 'postgres': {
      // Loaded only when used: the pg driver is about 10 MB of a server that runs on SQLite.
      const { PostgresStorage } = await import('./postgres.ts');
      return PostgresStorage.open({ connectionString: config.connectionString, ...(config.schema ? { schema: config.schema } : {}) });
    }
  }
}

export type { BoardRecord, Storage, StoredDocument } from './types.ts';
