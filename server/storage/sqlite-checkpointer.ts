/**
 * Runs in a worker thread beside SqliteStorage: moves the write-ahead log into the database file
 * (PASSIVE checkpoints, on its own connection) once a second. A checkpoint fsyncs and can take tens of
 * milliseconds; on the main thread it would stall every room at once, so the main connection turns its
 * automatic checkpoints off and leaves them to this worker.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
}, intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
