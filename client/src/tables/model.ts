/**
 * The tables of one board, live: the board read with the workshop's control document (so facilitator
 * selections seed action plans and phase and locks are known), which table is selected on the canvas
 * and which one the editor has open, and every table write (through shared/doc's accessors). One model
 * per board controller, shared by the canvas layer, the editor and the side panel.
 */
import * as Y from 'yjs';
import { addPlanRow, deletePlanRow, hasPlanRow, setPlanCell, setPlanRowOrders, touchesTables } from '../../../shared/doc/board-doc.ts';
import { readBoard } from '../../../shared/doc/read.ts';
import { afterTyping, textOnly } from '../sync/textOnly.ts';
import { challengeSolutions } from '../../../shared/reducers/challenges.ts';
import type { Board, BoardControlView } from '../../../shared/schema/board.ts';
import type { PlanRow } from '../../../shared/schema/plan-row.ts';
import type { ChallengeSolutions } from '../../../shared/schema/results.ts';
import type { BoardController } from '../canvas/controller.ts';
import { moveOrders, nextOrder, seedOrder, subtree, tableRows, type TableTarget, type ViewRow } from './rows.ts';
import { Signal } from '../canvas/signal.ts';

export class TablesModel {
  readonly controller: BoardController;
  board: Board;
  solutions: ChallengeSolutions;
  /** Null on a free board, and on a workshop board until the control document arrives. */
  control: BoardControlView | null = null;
  readonly changed = new Signal();
  /** Bumped on every change that matters to tables (rows, zones, seeds, phase, locks). */
  version = 0;
  selectedZone: string | null = null;
  open: TableTarget | null = null;
  readonly uiChanged = new Signal();

  #controlDoc: Y.Doc | null = null;
  #boardId: string | undefined;
  #frame: number | null = null;
  #fingerprint = '';
  /** Seeds written by this client, so keystrokes typed before the re-render reach the same new row. */
  #materialised = new Map<string, string>();

  constructor(controller: BoardController) {
    this.controller = controller;
    // The first real read waits for the first frame: on a big board it costs more than drawing the notes.
    this.board = readBoard(new Y.Doc()).board;
    this.solutions = challengeSolutions(this.board);
    this.#fingerprint = this.#print();
    controller.doc.on('afterTransaction', this.#onTransaction);
    this.#schedule();
  }

  destroy(): void {
    this.controller.doc.off('afterTransaction', this.#onTransaction);
    this.#controlDoc?.off('update', this.#schedule);
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.#slow?.();
  }

  /** The workshop's control document (or null to drop it), read together with the board from now on. */
  setControlDoc(doc: Y.Doc | null, boardId: string): void {
    this.#controlDoc?.off('update', this.#schedule);
    this.#controlDoc = doc;
    this.#boardId = boardId;
    doc?.on('update', this.#schedule);
    this.refresh();
  }

  #schedule = (): void => {
    if (this.#frame !== null) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = null;
      this.refresh();
    });
  };

  /**
   * Rows and zones show at the next frame; any other change (a note dragged on a big board) only
   * matters for seeds (the selected idea's text), so it is read at most every 300 ms.
   */
  #onTransaction = (transaction: Y.Transaction): void => {
    if (touchesTables(this.controller.doc, transaction)) return this.#schedule();
    // Notes only matter to tables through the challenges' selected ideas; typing into them even less.
    if (transaction.changed.size === 0 || this.#slow !== null || !this.controller.zones.some((zone) => zone.role === 'challenge')) return;
    const read = (): void => {
      this.#slow = null;
      this.#schedule();
    };
    if (textOnly(transaction)) this.#slow = afterTyping(read);
    else {
      const timer = setTimeout(read, 300);
      this.#slow = () => clearTimeout(timer);
    }
  };
  /** Takes back the pending slow read, if one is pending. */
  #slow: (() => void) | null = null;

  /** Reads the board now; listeners hear about it only when something a table shows has changed. */
  refresh(): void {
    const { board } = readBoard(this.controller.doc, this.#controlDoc ?? undefined, { boardId: this.#boardId });
    this.board = board;
    this.solutions = challengeSolutions(board);
    this.control = this.#controlDoc ? board.control : null;
    const print = this.#print();
    if (print === this.#fingerprint) return;
    this.#fingerprint = print;
    this.version++;
    this.changed.emit();
  }

  #print(): string {
    const seeds = this.solutions.challenges.map((c) => [c.id, c.number, c.title, c.selected?.note ?? null, c.selected?.text ?? null]);
    const control = this.#controlDoc ? [this.board.control.phase, this.board.control.locks] : null;
    return JSON.stringify([this.board.rows, this.board.zones, seeds, control]);
  }

  rows(target: TableTarget): ViewRow[] {
    return tableRows(this.board, target, this.solutions);
  }

  // What is selected and open

  selectZone(zone: string | null): void {
    if (this.selectedZone === zone) return;
    this.selectedZone = zone;
    this.uiChanged.emit();
  }

  openTarget(target: TableTarget | null): void {
    this.open = target;
    if (target?.zone) this.selectedZone = target.zone;
    this.uiChanged.emit();
  }

  openZone(zoneId: string): void {
    const zone = this.board.zones.find((z) => z.id === zoneId && z.role === 'table' && z.table !== undefined);
    if (!zone) return;
    this.openTarget({ zone: zone.id, kind: zone.table!, title: zone.title, columns: zone.columns ?? [{ key: 'text', label: 'Text' }] });
  }

  // Writes (callers check the write access first; a refused write is undone by the server anyway)

  #author(): string {
    return this.controller.author();
  }

  /** Writes one cell. A seeded row is written as a real row for its challenge first (then the reducer drops the seed). */
  writeCell(target: TableTarget, row: ViewRow, column: string, value: string): void {
    const rowId = row.rowId ?? this.#materialised.get(`${target.zone}:${target.kind}:${row.challenge}`) ?? null;
    const doc = this.controller.doc;
    if (rowId !== null) {
      if (!hasPlanRow(doc, rowId)) return; // deleted meanwhile by someone else
      setPlanCell(doc, rowId, column, value);
      return;
    }
    if (row.challenge === null) return;
    const cells: Record<string, string> = {};
    for (const [key, cell] of Object.entries({ ...row.cells, [column]: value })) if (cell !== '') cells[key] = cell;
    const id = addPlanRow(doc, {
      kind: target.kind,
      zone: target.zone,
      challenge: row.challenge,
      order: seedOrder(this.solutions, row.challenge),
      author: this.#author(),
      createdAt: Date.now(),
      cells,
    });
    this.#materialised.set(`${target.zone}:${target.kind}:${row.challenge}`, id);
    this.refresh();
  }

  /** A new empty row at the end (or, with a parent, at the end of that row's children). Returns its id. */
  addRow(target: TableTarget, options: { parent?: string | null; cells?: Record<string, string> } = {}): string {
    const parent = options.parent ?? null;
    const siblings = this.rows(target).filter((row) => target.kind !== 'goal-tree' || row.parent === parent);
    const id = addPlanRow(this.controller.doc, {
      kind: target.kind,
      zone: target.zone,
      parent,
      order: nextOrder(siblings),
      author: this.#author(),
      createdAt: Date.now(),
      cells: options.cells ?? {},
    });
    // Read at once, so the row is on screen before the next keystroke (the caret goes into it).
    this.refresh();
    return id;
  }

  /** Deletes a row (with its goal-tree children) in one update; returns what is needed to undo it. */
  deleteRow(target: TableTarget, rowId: string): PlanRow[] {
    const ids = target.kind === 'goal-tree' ? subtree(this.rows(target), rowId) : [rowId];
    const removed = this.board.rows.filter((row) => ids.includes(row.id));
    const doc = this.controller.doc;
    doc.transact(() => {
      for (const id of ids) deletePlanRow(doc, id);
    });
    this.refresh();
    return removed;
  }

  restoreRows(rows: readonly PlanRow[]): void {
    const doc = this.controller.doc;
    doc.transact(() => {
      for (const { v: _v, ...row } of rows) addPlanRow(doc, row);
    });
    this.refresh();
  }

  /** Moves a row up (-1) or down (+1) among its siblings; false when it cannot move. */
  moveRow(target: TableTarget, rowId: string, delta: -1 | 1): boolean {
    const all = this.rows(target);
    const row = all.find((r) => r.rowId === rowId);
    if (!row) return false;
    const siblings = target.kind === 'goal-tree' ? all.filter((r) => r.parent === row.parent) : all;
    const orders = moveOrders(siblings, siblings.indexOf(row), delta);
    if (!orders) return false;
    setPlanRowOrders(this.controller.doc, orders);
    this.refresh();
    return true;
  }
}

const models = new WeakMap<BoardController, TablesModel>();

/** The one tables model of a board controller (created on first use, destroyed with the controller's doc). */
export function tablesOf(controller: BoardController): TablesModel {
  let model = models.get(controller);
  if (!model) {
    model = new TablesModel(controller);
    models.set(controller, model);
    controller.doc.once('destroy', () => model?.destroy());
  }
  return model;
}
