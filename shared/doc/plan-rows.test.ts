import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPlanRow, deletePlanRow, setPlanCell, setPlanRowOrders } from './board-doc.ts';
import { readBoard } from './read.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('plan row accessors', () => {
  it('setPlanRowOrders reorders several rows in one update and skips missing rows', () => {
    const doc = new Y.Doc();
    addPlanRow(doc, { id: 'a', kind: 'raci', order: 0, createdAt: 1 });
    addPlanRow(doc, { id: 'b', kind: 'raci', order: 1, createdAt: 2 });
    let updates = 0;
    doc.on('update', () => updates++);
    setPlanRowOrders(doc, { a: 1, b: 0, gone: 5 });
    expect(updates).toBe(1);
    expect(readBoard(doc).board.rows.map((row) => row.id)).toEqual(['b', 'a']);
  });

  it('setPlanRowOrders refuses a non-finite order', () => {
    const doc = new Y.Doc();
    addPlanRow(doc, { id: 'a', kind: 'raci' });
    expect(() => setPlanRowOrders(doc, { a: Number.NaN })).toThrow();
  });

  it('keeps both of two concurrent edits of different cells of one row', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addPlanRow(a, { id: 'r', kind: 'individual', cells: {} });
    sync(a, b);
    setPlanCell(a, 'r', 'step', 'Survey members');
    setPlanCell(b, 'r', 'responsible', 'Ana');
    sync(a, b);
    for (const doc of [a, b]) expect(readBoard(doc).board.rows[0]!.cells).toEqual({ step: 'Survey members', responsible: 'Ana' });
  });

  it('a deleted row re-added with the same id and data comes back (undo)', () => {
    const doc = new Y.Doc();
    addPlanRow(doc, { id: 'r', kind: 'funding', order: 3, author: 'ana', createdAt: 9, cells: { source: 'Public', share: '40' } });
    const before = readBoard(doc).board.rows[0]!;
    deletePlanRow(doc, 'r');
    expect(readBoard(doc).board.rows).toEqual([]);
    addPlanRow(doc, { ...before });
    expect(readBoard(doc).board.rows[0]).toEqual(before);
  });
});
