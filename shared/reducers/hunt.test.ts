import { describe, expect, it } from 'vitest';
import { scavengerHunt } from './hunt.ts';
import { makeBoard, note, zone } from './test-board.ts';

const zones = [zone('h', 'hints'), zone('g', 'guesses')];
const hints = [note('h1', 'h', 1, { text: 'Founded in 2005' }), note('h2', 'h', 2, { text: 'Automotive' }), note('h3', 'h', 3, { text: 'Baden-Wuerttemberg' })];

function run(revealed: number, notes = hints): string {
  const board = makeBoard({ zones, notes });
  board.control = { ...board.control, hintsRevealed: revealed };
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
  ] as const)('%s', (_name, revealed, notes, expected) => {
    expect(run(revealed, [...notes])).toBe(expected);
  });
});
