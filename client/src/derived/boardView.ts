/**
 * The board as derived views need it: the whole board read with the workshop's control document
 * (selections, revealed votes, hints, phase, locks), who is looking, and each note's decorations. One
 * store for the page (like the voting store): the canvas layers, the notes list and the side panel
 * subscribe; notes subscribe to their own decorations only, which change far less often than the board.
 */
import type * as Y from 'yjs';
import type { BoardInfo } from '../api.ts';
import type { Board } from '../../../shared/schema/board.ts';
import { notesWritable, type Writer } from '../panels/permissions.ts';
import { decodeDecor, noteDecorations } from './decor.ts';

type Listener = () => void;

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export class BoardView {
  board: Board | null = null;
  info: BoardInfo | null = null;
  token = '';
  doc: Y.Doc | null = null;
  /** New notes allowed outside ideation on this board (the facilitator's choice). */
  allowNotes = false;
  #decor: ReadonlyMap<string, string> = new Map();
  #board = new Set<Listener>();
  #decorListeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.#board.add(listener);
    return () => this.#board.delete(listener);
  };

  subscribeDecor = (listener: Listener): (() => void) => {
    this.#decorListeners.add(listener);
    return () => this.#decorListeners.delete(listener);
  };

  /** The encoded decorations of one note ('' for none): a primitive, so a note re-renders only on its own change. */
  decorFor = (noteId: string): string => this.#decor.get(noteId) ?? '';

  attach(doc: Y.Doc | null, info: BoardInfo | null, token: string): void {
    this.doc = doc;
    this.info = info;
    this.token = token;
    if (doc === null) this.setBoard(null);
  }

  setBoard(board: Board | null, allowNotes = this.allowNotes): void {
    this.board = board;
    this.allowNotes = allowNotes;
    const decor = board ? noteDecorations(board) : new Map<string, string>();
    if (!sameMap(decor, this.#decor)) {
      this.#decor = decor;
      for (const listener of this.#decorListeners) listener();
    }
    for (const listener of this.#board) listener();
  }

  /** A scavenger-hunt hint the facilitator has not revealed yet: drawn as a closed card, never opened for editing. */
  hiddenFromMe = (noteId: string): boolean => !this.facilitator && decodeDecor(this.decorFor(noteId)).hintHidden;

  /** The facilitator's workshop token opens the room's board with edit rights and no participant id. */
  get facilitator(): boolean {
    const info = this.info;
    return info !== null && info.workshopId !== undefined && info.role === 'edit' && !info.participantId;
  }

  writer(): Writer {
    const control = this.board?.control;
    return {
      role: this.info?.role ?? 'view',
      workshop: this.info?.workshopId !== undefined,
      facilitator: this.facilitator,
      phase: control?.phase ?? null,
      locked: control?.locks.some((lock) => lock.zone === null) ?? false,
    };
  }

  /** Whether moving an action or setting its status would be accepted now. */
  notesWritable(): boolean {
    return notesWritable(this.writer(), this.allowNotes);
  }
}

export const boardView = new BoardView();
