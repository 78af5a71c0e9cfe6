/**
 * Runs in a worker thread beside SqliteStorage: moves the write-ahead log into the database file
 * (PASSIVE checkpoints, on its own connection) once a second. A checkpoint fsyncs and can take tens of
 * milliseconds; on the main thread it would stall every room at once, so the main connection turns its
 * automatic checkpoints off and leaves them to this worker.
 *
 * Plain JavaScript on purpose: a worker that loads TypeScript instantiates Node's type stripper (a
 * WebAssembly module) in its own isolate, about 18 MB of resident memory for these twenty lines.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ file: string; intervalMs: number }} */
const { file, intervalMs } = workerData;
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort?.postMessage({ error: /** @type {Error} */ (err).message });
  }
}, intervalMs);
parentPort?.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
