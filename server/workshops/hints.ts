/**
 * Scavenger-hunt hints that participants must not see before they are revealed. The facilitator adds them
 * here (not on the board: the board document reaches every participant of the room); revealing moves the
 * next ones onto the board as notes in the hints zone, hiding moves them back. The control document says
 * how many are out and how many exist (`hintsRevealed`, `hintsTotal`).
 *
 * Boards written before this module may hold unrevealed hints as notes: `unrevealedOnBoard` finds them
 * while the board loads, so that they go to the hidden store before any client is greeted.
 */
import { nanoid } from 'nanoid';
import * as Y from 'yjs';
import { addNote, deleteNote, readBoard, revealHints } from '../../shared/doc/index.ts';
import { putHiddenHint, readHiddenHints, removeHiddenHint, type HiddenHint } from '../../shared/doc/hidden-hints.ts';
import type { Board } from '../../shared/schema/board.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import type { Storage } from '../storage/types.ts';
import type { LiveDocs } from '../sync/live-docs.ts';
import { docIds } from './doc-ids.ts';
import { requireFacilitator, type WorkshopStore } from './store.ts';

type HintNote = { id: string; text: string };

/** The hint notes on a board, in the order participants see them (the hunt reducer's order). */
function hintNotes(board: Board): HintNote[] {
  const zones = new Set(board.zones.filter((z) => z.role === 'hints').map((z) => z.id));
  return board.notes.filter((n) => n.zone !== null && zones.has(n.zone) && n.text.trim() !== '').map((n) => ({ id: n.id, text: n.text.trim() }));
}

export class HuntHints {
  #store: WorkshopStore;

  constructor(store: WorkshopStore) {
    this.#store = store;
  }

  /** A new hint, hidden until revealed; it goes after every other hint. */
  async add(principal: Principal, input: { board: string; text: string }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, input.board);
    const id = nanoid(12);
    await this.#store.liveDocs.withDoc(docIds.hints(input.board), (room) =>
      room.writeAsServer((doc) => {
        const hidden = readHiddenHints(doc);
        putHiddenHint(doc, { id, text: input.text, order: (hidden.at(-1)?.order ?? 0) + 1 });
      }),
    );
    const total = await this.#total(input.board);
    await this.#store.control(principal.workshopId, (doc) => revealHints(doc, input.board, revealedIn(doc, input.board), undefined, total));
    return { board: input.board, id, total };
  }

  /** The hidden hints' texts, for the facilitator. */
  async list(principal: Principal, board: string) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, board);
    const hidden = await this.#store.liveDocs.withDoc(docIds.hints(board), async (live) => readHiddenHints(live.doc));
    return { board, hidden: hidden.map((h) => ({ id: h.id, text: h.text })) };
  }

  /**
   * Participants see the first `revealed` hints; 0 hides them all again. More than there are is refused,
   * naming how many there are.
   */
  async reveal(principal: Principal, input: { board: string; revealed: number }) {
    requireFacilitator(principal);
    const cached = await this.#store.mustLoad(principal.workshopId);
    this.#store.room(cached, input.board);
    const { liveDocs } = this.#store;
    const total = await liveDocs.withDoc(docIds.hints(input.board), (hints) =>
      liveDocs.withDoc(input.board, async (live) => {
        const board = readBoard(live.doc).board;
        const shown = hintNotes(board);
        const hidden = readHiddenHints(hints.doc);
        const total = shown.length + hidden.length;
        if (input.revealed > total) throw new HttpError(409, 'conflict', `this board has ${total} hint${total === 1 ? '' : 's'}`, 'revealed');
        if (input.revealed > shown.length) {
          const next = hidden.slice(0, input.revealed - shown.length);
          const zone = board.zones.find((z) => z.role === 'hints');
          const now = this.#store.now();
          // Onto the board first, then out of the store: a crash in between leaves a hint in both, never in neither.
          await live.writeAsServer((doc) =>
            next.forEach((h, i) =>
              addNote(doc, {
                id: h.id,
                text: h.text,
                author: 'facilitator',
                zone: zone?.id ?? null,
                x: (zone?.x ?? 0) + 20,
                y: (zone?.y ?? 0) + 60 + (shown.length + i) * 130,
                createdAt: now + i,
              }),
            ),
          );
          await hints.writeAsServer((doc) => next.forEach((h) => removeHiddenHint(doc, h.id)));
        } else if (input.revealed < shown.length) {
          const back = shown.slice(input.revealed);
          const first = hidden[0]?.order ?? 0;
          await hints.writeAsServer((doc) => back.forEach((h, i) => putHiddenHint(doc, { id: h.id, text: h.text, order: first - back.length + i })));
          await live.writeAsServer((doc) => back.forEach((h) => deleteNote(doc, h.id)));
        }
        return total;
      }),
    );
    await this.#store.control(principal.workshopId, (doc) => revealHints(doc, input.board, input.revealed, undefined, total));
    return { board: input.board, revealed: input.revealed, total };
  }

  async #total(board: string): Promise<number> {
    const { liveDocs } = this.#store;
    const hidden = await liveDocs.withDoc(docIds.hints(board), async (live) => readHiddenHints(live.doc).length);
    const onBoard = await liveDocs.withDoc(board, async (live) => hintNotes(readBoard(live.doc).board).length);
    return onBoard + hidden;
  }
}

/** How many hints the control document says are out on a board. */
function revealedIn(control: Y.Doc, board: string): number {
  return readBoard(new Y.Doc(), control, { boardId: board, cache: false }).board.control.hintsRevealed;
}

/**
 * While a scavenger-hunt board loads: the hint notes its stored document holds beyond the revealed count
 * are written to the hidden store (first, so a crash loses none), and their ids returned for the live document to
 * delete from the board before any client sees it. Returns nothing to delete for other boards.
 */
export async function unrevealedOnBoard(storage: Storage, liveDocs: LiveDocs, boardId: string, workshopId: string): Promise<string[]> {
  const record = await storage.getBoard(boardId);
  if (record?.template !== 'scavenger-hunt') return [];
  const stored = await storage.loadDocument(boardId);
  const doc = new Y.Doc();
  for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
    try {
      Y.applyUpdate(doc, update);
    } catch {
      // the live document logs what it skips when it loads the same updates
    }
  }
  const board = await liveDocs.withDoc(docIds.control(workshopId), async (control) => readBoard(doc, control.doc).board);
  doc.destroy();
  const extra = hintNotes(board).slice(board.control.hintsRevealed);
  if (extra.length === 0) return [];
  await liveDocs.withDoc(docIds.hints(boardId), (live) =>
    live.writeAsServer((hidden) => {
      const existing = readHiddenHints(hidden);
      const first = existing[0]?.order ?? 0;
      extra.forEach((h, i) => putHiddenHint(hidden, { id: h.id, text: h.text, order: first - extra.length + i } satisfies HiddenHint));
    }),
  );
  const total = hintNotes(board).length - extra.length + (await liveDocs.withDoc(docIds.hints(boardId), async (live) => readHiddenHints(live.doc).length));
  await liveDocs.withDoc(docIds.control(workshopId), (control) =>
    control.writeAsServer((c) => revealHints(c, boardId, board.control.hintsRevealed, undefined, total)),
  );
  return extra.map((h) => h.id);
}
