import { describe, expect, it } from 'vitest';
import { scavengerHunt } from './hunt.ts';
import { makeBoard, note, zone } from './test-board.ts';

const zones = [zone('h', 'hints'), zone('g', 'guesses')];
const hints = [note('h1', 'h', 1, { text: 'Founded in 2005' }), note('h2', 'h', 2, { text: 'Automotive' }), note('h3', 'h', 3, { text: 'Baden-Wuerttemberg' })];

function run(revealed: number, notes = hints, hintsTotal = 0): string {
  const board = makeBoard({ zones, notes });
  board.control = { ...board.control, hintsRevealed: revealed, hintsTotal };
  const hunt = scavengerHunt(board);
  return `${hunt.revealed.map((h) => `${h.number}:${h.note}`).join(' ')} | hidden ${hunt.hidden} | guesses ${hunt.guesses.map((g) => g.note).join(' ')}`;
}

describe('scavengerHunt', () => {
  it.each([
    ['empty board', 0, [], ' | hidden 0 | guesses '],
    ['nothing revealed yet', 0, hints, ' | hidden 3 | guesses '],
    ['hints revealed in the order written', 2, [...hints].reverse(), '1:h1 2:h2 | hidden 1 | guesses '],
    ['revealing more than there are shows all', 9, hints, '1:h1 2:h2 3:h3 | hidden 0 | guesses '],
    ['guesses are listed, other notes ignored', 1, [...hints, note('x', 'g', 4), note('y', null, 5)], '1:h1 | hidden 2 | guesses x'],
    ['hints kept on the server are counted from hintsTotal', 1, hints.slice(0, 1), '1:h1 | hidden 4 | guesses ', 5],
    ['a stale hintsTotal below the board count is ignored', 3, hints, '1:h1 2:h2 3:h3 | hidden 0 | guesses ', 1],
  ] as const)('%s', (_name, revealed, notes, expected, total: number = 0) => {
    expect(run(revealed, [...notes], total)).toBe(expected);
  });
});
