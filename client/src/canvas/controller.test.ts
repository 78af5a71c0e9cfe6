import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, putZone } from '../../../shared/doc/index.ts';
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
    [[40, 950], { x: 40, y: 950, zone: 'c1' }], // across the bottom of a column: joins it (the column grows)
    [[40, 1010], { x: 40, y: 1010, zone: 'c1' }], // just below it: joins it too
    [[40, 1100], { x: 40, y: 1100, zone: null }], // well below it: on the board, in no zone
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

  it('puts new notes in a column into its first free spot, and the column grows to hold them', () => {
    const { controller } = board();
    controller.viewport.set({ x: 0, y: 0, scale: 1 }); // the view's middle (400, 300) is outside the column
    controller.viewport.centerOn(180, 500, 1);
    let grew = 0;
    controller.zonesChanged.subscribe(() => grew++);
    const ids = Array.from({ length: 14 }, (_, i) => controller.createNoteInView(`idea ${i + 1}`)!);
    const spots = ids.map((id) => controller.notes.get(id)!).map((n) => [n.x, n.y, n.zone]);
    expect(spots).toEqual(Array.from({ length: 14 }, (_, i) => [i % 2 ? 184 : 8, 64 + Math.floor(i / 2) * 136, 'c1']));
    expect(controller.zones[0]!.h).toBe(64 + 6 * 136 + 120 + 8);
    expect(grew).toBe(1);
    // A double-click on a taken spot gives way to the first free one; on a free spot it stays.
    controller.deleteSelected();
    const again = controller.createNoteAt(20, 70, 'on top of idea 1')!;
    expect(controller.notes.get(again)).toMatchObject({ x: 184, y: 64 + 6 * 136 });
    const free = controller.createNoteAt(100, 1200, 'below everything')!;
    expect(controller.notes.get(free)).toMatchObject({ x: 100, y: 1200, zone: null });
  });

  it('tidies a crowded zone, moving only what this person may move, in one update', () => {
    const doc = new Y.Doc();
    putZone(doc, { id: 'c1', role: 'challenge', title: 'Attracting members', x: 0, y: 0, w: 360, h: 1000 });
    const notes = new NoteStore(doc);
    const controller = new BoardController({ doc, notes, canEdit: true, author: () => 'ana', mayMove: (note) => note.author === 'ana' });
    const add = (author: string, i: number) => addNote(doc, { text: `${author} ${i}`, author, x: 20 + i * 3, y: 300 + i * 9, zone: 'c1', createdAt: i });
    const mine = [0, 1, 2, 3].map((i) => add('ana', i));
    const theirs = add('ben', 4);
    const before = notes.get(theirs);
    controller.viewport.centerOn(180, 500, 1);
    expect(controller.tidyTargets().map((z) => z.id)).toEqual(['c1']);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(controller.tidy()).toBe(4);
    expect(updates).toBe(1);
    expect(notes.get(theirs)).toEqual(before);
    const boxes = [...notes.all()];
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y).toBe(false);
    expect(mine.map((id) => notes.get(id)!.y).every((y) => y >= 64)).toBe(true);
    expect(controller.tidy()).toBe(0); // already tidy: nothing written
    expect(updates).toBe(1);
    const viewer = new BoardController({ doc, notes, canEdit: false, author: () => 'ana' });
    expect(viewer.tidy()).toBe(0);
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
