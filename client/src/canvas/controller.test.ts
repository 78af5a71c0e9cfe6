import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { putZone } from '../../../shared/doc/index.ts';
import type { Zone } from '../../../shared/schema/zone.ts';
import { NoteStore } from '../sync/noteStore.ts';
import { BoardController, placeNote, zoneAt } from './controller.ts';

const zone = (id: string, x: number, y: number, w: number, h: number): Zone =>
  ({ v: 1, id, role: 'challenge', title: id, description: '', order: 0, x, y, w, h, tags: [] });

const column = zone('c1', 0, 0, 360, 1000);
const inner = zone('inner', 100, 100, 200, 200);

describe('zoneAt and placeNote', () => {
  it.each([
    // point, expected zone
    [[50, 50], 'c1'],
    [[150, 150], 'inner'], // the innermost of nested zones
    [[500, 50], null],
  ] as const)('zoneAt %j is %s', ([x, y], expected) => {
    expect(zoneAt([column, inner], x, y)?.id ?? null).toBe(expected);
  });

  it.each([
    // dropped at, expected landing
    [[500, 500], { x: 500, y: 500, zone: null }], // outside every zone: where it was dropped
    [[40, 300], { x: 40, y: 300, zone: 'c1' }], // inside: unchanged, zone written
    [[250, 300], { x: 192, y: 300, zone: 'c1' }], // centre inside, overhanging right: pulled in
    [[40, -40], { x: 40, y: 64, zone: 'c1' }], // over the title: pushed below it
  ] as const)('a 160 x 120 note dropped at %j lands at %j', ([x, y], expected) => {
    expect(placeNote([column], { w: 160, h: 120 }, x, y)).toEqual(expected);
  });
});

function board(canEdit = true): { doc: Y.Doc; controller: BoardController } {
  const doc = new Y.Doc();
  putZone(doc, { id: 'c1', role: 'challenge', title: 'Attracting members', x: 0, y: 0, w: 360, h: 1000 });
  const controller = new BoardController({ doc, notes: new NoteStore(doc), canEdit, author: () => 'Ana' });
  return { doc, controller };
}

describe('BoardController', () => {
  it('creates notes in free spots, snapped into the zone under them, and edits the new one', () => {
    const { controller } = board();
    controller.viewport.set({ x: 0, y: 0, scale: 1 }); // view 800 x 600: centre (400, 300)
    const first = controller.createNoteInView();
    const second = controller.createNoteInView('second');
    const a = controller.notes.get(first!)!;
    const b = controller.notes.get(second!)!;
    expect(a).toMatchObject({ x: 320, y: 240, zone: null, author: 'Ana', text: '' });
    expect(controller.editing).toBe(first); // an empty new note opens for typing; one made with text does not
    expect(b.x < a.x + a.w && b.x + b.w > a.x && b.y < a.y + a.h && b.y + b.h > a.y).toBe(false);
    expect(controller.selection).toEqual(new Set([second]));
    const inZone = controller.createNoteAt(20, 300)!;
    expect(controller.notes.get(inZone)?.zone).toBe('c1');
  });

  it('moves, resizes, recolours and deletes the selection, each as one update', () => {
    const { doc, controller } = board();
    const a = controller.createNoteAt(20, 100, 'a')!;
    const b = controller.createNoteAt(600, 100, 'b')!;
    controller.select([a, b]);
    let updates = 0;
    doc.on('update', () => updates++);
    controller.moveSelectedBy(10, 50);
    controller.resizeSelectedBy(20, -10);
    controller.setColor('#bbf7d0');
    expect(controller.notes.get(a)).toMatchObject({ x: 30, y: 150, w: 180, h: 110, zone: 'c1', color: '#bbf7d0' });
    expect(controller.notes.get(b)).toMatchObject({ x: 610, y: 150, w: 180, h: 110, zone: null, color: '#bbf7d0' });
    expect(updates).toBe(2 + 2); // move and resize: one transaction each; colour: one per note
    controller.deleteSelected();
    expect(controller.notes.size).toBe(0);
    expect(controller.selection.size).toBe(0);
  });

  it('writes nothing for a viewer', () => {
    const { doc, controller } = board(false);
    expect(controller.createNoteInView('x')).toBeNull();
    const writer = new BoardController({ doc, notes: controller.notes, canEdit: true, author: () => 'Ana' });
    const id = writer.createNoteAt(0, 0, 'mine')!;
    controller.select([id]);
    controller.moveSelectedBy(100, 100);
    controller.deleteSelected();
    controller.setColor('#bbf7d0');
    expect(controller.notes.get(id)).toMatchObject({ text: 'mine', x: 8, y: 64 });
    expect(controller.notes.get(id)?.color).not.toBe('#bbf7d0');
  });

  it('forgets selected notes that someone else deleted', () => {
    const { doc, controller } = board();
    const id = controller.createNoteAt(500, 500, 'gone soon')!;
    expect(controller.selection.has(id)).toBe(true);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getMap('notes').delete(id);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(controller.selection.size).toBe(0);
  });
});
