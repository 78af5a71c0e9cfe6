/**
 * What a starting server does before it listens, so that the first visitors after a restart do not pay for it.
 *
 * - A document whose snapshot has a tail of updates (left by kill -9 or a crash: a graceful stop writes final
 *   snapshots) is compacted here: its updates are folded once, before anyone waits, instead of on a first
 *   visit that would build the whole doc before its reply (0.6 s for a 10,000-note board).
 * - The snapshots of the most recently written documents are read into memory (LiveDocs' warm snapshots, up
 *   to a byte budget), so that a first visit is answered without reading megabytes from storage.
 *
 * Newest first (by sequence number), only documents a client can open (`claims`: server-only documents keep
 * their own loading), until the time budget is spent (checked between documents); what is left is done as
 * before, on a first visit. Compaction goes through Storage.compact, which folds and deletes exactly the rows
 * it read, one compaction per document at a time on every process: correct while other processes serve the
 * same documents (PostgreSQL), and for documents with write rules (a compaction changes no content, and the
 * rules see the doc when it is opened, as before). A document with an update that Yjs rejects is left as it
 * is, for a person to look at.
 */
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import type { Storage, StoredDocument } from '../storage/types.ts';
import type { WarmSnapshot, WarmSnapshots } from './warm-snapshots.ts';

export type WarmStartOptions = {
  storage: Storage;
  log: FastifyBaseLogger;
  /** Whether clients can open the document (the sync extensions' claims). */
  claims: (docId: string) => boolean;
  /** Where read and freshly compacted snapshots go; null or a zero budget keeps none. */
  snapshots: WarmSnapshots | null;
  /** Time to spend, in ms; 0 does nothing. */
  budgetMs: number;
  /** How many of the most recently written documents are looked at. */
  maxDocuments: number;
  /** For tests: the clock. */
  now?: () => number;
};

export type WarmStartReport = {
  /** Documents whose tail was folded into a snapshot, and how many updates that folded. */
  compacted: number;
  foldedUpdates: number;
  /** Documents whose tail is left (out of time, or an update Yjs rejects). */
  leftWithTail: number;
  /** Snapshots now held in memory, and their bytes. */
  warmed: number;
  warmBytes: number;
  ms: number;
};

/** Thrown by the fold to leave a document unchanged. */
class Unreadable extends Error {}

/** The whole stored state as one update, and its state vector; throws Unreadable when Yjs rejects any stored update. */
function fold(stored: StoredDocument): { snapshot: Uint8Array; stateVector: Uint8Array } {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
        try {
          Y.applyUpdate(doc, update);
        } catch (err) {
          throw new Unreadable((err as Error).message);
        }
      }
    });
    // Structs that could not integrate (pending) are part of the encoded state: nothing stored is dropped.
    return { snapshot: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
  } finally {
    doc.destroy();
  }
}

export async function warmStart(options: WarmStartOptions): Promise<WarmStartReport> {
  const { storage, log, snapshots } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const report: WarmStartReport = { compacted: 0, foldedUpdates: 0, leftWithTail: 0, warmed: 0, warmBytes: 0, ms: 0 };
  if (options.budgetMs <= 0) return report;
  const recent = (await storage.recentDocuments(options.maxDocuments)).filter((d) => options.claims(d.docId));
  for (const doc of recent) {
    if (now() - started >= options.budgetMs) {
      report.leftWithTail += recent.slice(recent.indexOf(doc)).filter((d) => d.tail > 0).length;
      break;
    }
    try {
      if (doc.tail > 0) {
        let folded: WarmSnapshot | null = null;
        let updates = 0;
        await storage.compact(doc.docId, (stored) => {
          updates = stored.updates.length;
          folded = { ...fold(stored), lastSeq: stored.lastSeq };
          return folded.snapshot;
        });
        report.compacted++;
        report.foldedUpdates += updates;
        const done = folded as WarmSnapshot | null;
        if (done && snapshots?.add(doc.docId, done)) report.warmed++;
      } else if (snapshots?.fits(doc.bytes)) {
        const stored = await storage.loadDocument(doc.docId);
        if (stored.snapshot && stored.updates.length === 0) {
          // Read from the bytes (a fifth of the time a build takes), so that no visit waits for it.
          const entry = { snapshot: stored.snapshot, lastSeq: stored.lastSeq, stateVector: Y.encodeStateVectorFromUpdate(stored.snapshot) };
          if (snapshots.add(doc.docId, entry)) report.warmed++;
        }
      }
    } catch (err) {
      if (doc.tail > 0) report.leftWithTail++;
      if (err instanceof Unreadable) log.error({ docId: doc.docId, reason: err.message }, 'warm start: a stored update does not decode; document left as it is');
      else log.error({ err, docId: doc.docId }, 'warm start: could not compact or read the document');
    }
  }
  report.warmBytes = snapshots?.bytes ?? 0;
  report.ms = Math.round(now() - started);
  return report;
}
