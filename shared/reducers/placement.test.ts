import { describe, expect, it } from 'vitest';
import { canGrow, contentTop, firstFreeSpot, grownZones, readingOrder, tidyZone, type NoteBox, type ZoneBox } from './placement.ts';

/** A challenge column as templates lay them out (360 x 1000), and a note of the default size (160 x 120). */
const column = (id: string, x = 0, extra: Partial<ZoneBox> = {}): ZoneBox => ({ id, role: 'challenge', x, y: 160, w: 360, h: 1000, description: '', ...extra });
const n = (id: string, x: number, y: number, zone: string | null = 'c1', w = 160, h = 120): NoteBox => ({ id, x, y, w, h, zone });
const SIZE = { w: 160, h: 120 };
/** The grid of a 360-wide column: x 8 and 184, rows from y 160 + 64 every 136. */
const row = (r: number) => 224 + r * 136;

describe('contentTop and canGrow', () => {
  it.each([
    ['below the title', column('c1'), 224],
    ['below a description', column('c1', 0, { description: 'Why it matters' }), 264],
    ['a small zone keeps a third for notes', column('c1', 0, { h: 60 }), 180],
  ] as const)('contentTop: %s', (_name, zone, top) => {
    expect(contentTop(zone)).toBe(top);
  });

  it.each([
    ['a column with nothing beneath', [column('c1'), column('c2', 400)], true],
    ['a cell with a cell beneath', [column('c1'), column('c2', 100, { y: 1160 })], false],
    ['a zone beneath but beside it', [column('c1'), column('c2', 360, { y: 1160 })], true],
    ['a table never grows', [column('c1', 0, { role: 'table' })], false],
  ] as const)('canGrow: %s', (_name, zones, expected) => {
    expect(canGrow(zones[0], zones)).toBe(expected);
  });
});

describe('grownZones', () => {
  it.each([
    ['no notes: as stored', [], 1000],
    ['notes inside: as stored', [n('a', 8, row(0)), n('b', 184, row(5))], 1000],
    ['a note below the bottom: grows to hold it and its padding', [n('a', 8, 1100)], 1100 + 120 + 8 - 160],
    ['a note of another zone does not count', [n('a', 8, 1500, 'c2')], 1000],
    ['an unassigned note does not count', [n('a', 8, 1500, null)], 1000],
  ] as const)('%s', (_name, notes, h) => {
    const [zone] = grownZones([column('c1')], notes);
    expect(zone!.h).toBe(h);
  });

  it('keeps a zone with another zone beneath at its size, and unchanged zones as the same objects', () => {
    const zones = [column('c1'), column('c2', 0, { y: 1200 }), column('c3', 400)];
    const grown = grownZones(zones, [n('a', 8, 1100, 'c1'), n('b', 408, 1300, 'c3')]);
    expect(grown[0]).toBe(zones[0]);
    expect(grown[1]).toBe(zones[1]);
    expect(grown[2]!.h).toBe(1300 + 128 - 160);
  });
});

describe('firstFreeSpot', () => {
  it.each([
    ['an empty column: top left', [], true, { x: 8, y: row(0) }],
    ['first row half full: beside it', [n('a', 8, row(0))], true, { x: 184, y: row(0) }],
    ['a gap in the second row is filled first', [n('a', 8, row(0)), n('b', 184, row(0)), n('c', 184, row(1))], true, { x: 8, y: row(1) }],
    ['a full column of 6 rows grows by a row', Array.from({ length: 12 }, (_, i) => n(`n${i}`, i % 2 ? 184 : 8, row(Math.floor(i / 2)))), true, { x: 8, y: row(6) }],
    ['notes dropped anywhere are avoided, with the gap', [n('a', 30, 240), n('b', 200, 260)], true, { x: 8, y: 240 + 120 + 16 }],
    ['a note of another zone lying over it counts', [n('a', 8, row(0), 'c2')], true, { x: 184, y: row(0) }],
  ] as const)('%s', (_name, taken, grows, spot) => {
    expect(firstFreeSpot(column('c1'), taken, SIZE, grows)).toEqual(spot);
  });

  it('a full zone that cannot grow: the least covered grid spot, inside the zone', () => {
    const cell: ZoneBox = { id: 'k', role: 'canvas-cell', x: 0, y: 0, w: 360, h: 340, description: '' };
    const taken = [n('a', 8, 64), n('b', 184, 64), n('c', 8, 200), n('d', 184, 240, 'k', 160, 60)];
    const spot = firstFreeSpot(cell, taken, SIZE, false);
    expect(spot).toEqual({ x: 184, y: 200 });
  });
});

describe('readingOrder and tidyZone', () => {
  it('reads rows top to bottom, a row left to right, tolerating uneven tops', () => {
    const notes = [n('right', 200, 230), n('left', 10, 250), n('below', 100, 420)];
    expect(readingOrder(notes).map((x) => x.id)).toEqual(['left', 'right', 'below']);
  });

  it('packs 26 notes piled up in a column into 13 rows, in reading order, and writes nothing the second time', () => {
    const zone = column('c1');
    const piled = Array.from({ length: 26 }, (_, i) => n(`n${String(i).padStart(2, '0')}`, 8 + (i % 3) * 5, 300 + i * 7));
    const moves = tidyZone(zone, [zone], piled, () => true);
    const placed = piled.map((note) => ({ ...note, ...moves.get(note.id) }));
    const order = readingOrder(piled).map((note) => note.id);
    expect(order.map((id) => placed.find((p) => p.id === id)).map((p) => [p!.x, p!.y])).toEqual(Array.from({ length: 26 }, (_, i) => [i % 2 ? 184 : 8, row(Math.floor(i / 2))]));
    expect(tidyZone(zone, [zone], placed, () => true).size).toBe(0);
    expect(grownZones([zone], placed)[0]!.h).toBe(row(12) + 120 + 8 - 160);
  });

  it('moves only the notes it may move, around the others, and leaves other zones alone', () => {
    const zone = column('c1');
    const notes = [n('mine1', 100, 700), n('theirs', 8, row(0)), n('mine2', 150, 900), n('other', 500, 300, 'c2')];
    const moves = tidyZone(zone, [zone, column('c2', 400)], notes, (note) => note.id.startsWith('mine'));
    expect([...moves]).toEqual([
      ['mine1', { x: 184, y: row(0) }],
      ['mine2', { x: 8, y: row(1) }],
    ]);
  });

  it('packs uneven notes without overlaps', () => {
    const zone = column('c1');
    const notes = [n('wide', 8, 300, 'c1', 344, 80), n('a', 20, 500), n('tall', 40, 700, 'c1', 160, 240), n('b', 60, 900)];
    const moves = tidyZone(zone, [zone], notes, () => true);
    const placed = notes.map((note) => ({ ...note, ...moves.get(note.id) }));
    for (const a of placed) {
      expect(a.x).toBeGreaterThanOrEqual(8);
      expect(a.x + a.w).toBeLessThanOrEqual(352);
      for (const b of placed) if (a !== b) expect(a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y).toBe(false);
    }
    expect(placed.map((p) => [p.id, p.x, p.y])).toEqual([
      ['wide', 8, row(0)],
      ['a', 8, row(0) + 96],
      ['tall', 184, row(0) + 96],
      ['b', 8, row(0) + 96 + 136],
    ]);
  });
});
