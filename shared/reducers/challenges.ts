/**
 * challengeSolutions: per challenge its ideas ranked by counted votes, the selected idea and the
 * "Challenge N - title - solutions, best first" summary of workshop-formats.md §2, as data.
 *
 * Ideas are the non-blank notes placed in the challenge's zone. Ranking follows TIE_RULE (more votes;
 * then the earlier note; then the smaller id), which depends only on the board's content, so it is
 * stable across replicas and across recomputations. The selected idea is the facilitator's pick; with
 * no pick, the top-voted idea stands in, flagged `top-voted`, with the ideas it is tied with. With no
 * counted votes and no pick, nothing is selected.
 */
import type { Board } from '../schema/board.ts';
import type { Challenge } from '../schema/challenge.ts';
import type { Note } from '../schema/note.ts';
import { TIE_RULE, type ChallengeSolution, type ChallengeSolutions, type Idea, type SelectedIdea } from '../schema/results.ts';
import { voteTally, type TallyOptions } from './votes.ts';

function compareIdeas(a: { note: Note; votes: number }, b: { note: Note; votes: number }): number {
  return b.votes - a.votes || a.note.createdAt - b.note.createdAt || (a.note.id < b.note.id ? -1 : a.note.id > b.note.id ? 1 : 0);
}

export function summaryLine(number: number, title: string, solutions: readonly string[]): string {
  const head = `Challenge ${number} - ${title}`;
  return solutions.length === 0 ? head : `${head} - ${solutions.join('; ')}`;
}

/**
 * Recomputing every challenge after every keystroke is most of this reducer's cost on a big board,
 * while a change touches one challenge. So each challenge's result is memoised against exactly what
 * it depends on: the challenge's fields, its notes (by identity: readBoard hands out frozen, shared
 * note objects, and only frozen notes are memoised) and their counted votes. Bounded, oldest out.
 */
type Memo = { challenge: Challenge; notes: readonly Note[]; votes: readonly number[]; result: ChallengeSolution };
const memo = new Map<string, Memo>();
const MEMO_LIMIT = 2_000;

function sameChallenge(a: Challenge, b: Challenge): boolean {
  return a.id === b.id && a.number === b.number && a.title === b.title && a.rootCauses === b.rootCauses && a.details === b.details && a.selected === b.selected;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function solve(challenge: Challenge, notes: readonly Note[], votes: readonly number[]): ChallengeSolution {
  const ranked = notes.map((note, index) => ({ note, votes: votes[index] ?? 0 })).sort(compareIdeas);
  const ideas: Idea[] = ranked.map(({ note, votes: count }, index) => ({
    note: note.id,
    text: note.text.trim(),
    author: note.author,
    votes: count,
    rank: index + 1,
  }));

  const ties: ChallengeSolution['ties'] = [];
  for (const idea of ideas) {
    if (idea.votes === 0) break;
    const last = ties.at(-1);
    if (last !== undefined && last.votes === idea.votes) last.notes.push(idea.note);
    else ties.push({ votes: idea.votes, notes: [idea.note] });
  }

  let selected: SelectedIdea | null = null;
  const picked = challenge.selected === null ? undefined : ideas.find((idea) => idea.note === challenge.selected);
  const top = ideas[0];
  if (picked !== undefined) {
    selected = { note: picked.note, text: picked.text, votes: picked.votes, by: 'facilitator', tiedWith: [] };
  } else if (top !== undefined && top.votes > 0) {
    const tiedWith = ideas.filter((idea) => idea !== top && idea.votes === top.votes).map((idea) => idea.note);
    selected = { note: top.note, text: top.text, votes: top.votes, by: 'top-voted', tiedWith };
  }

  const solutions = [
    ...(selected === null ? [] : [selected.text]),
    ...ideas.filter((idea) => idea.note !== selected?.note).map((idea) => idea.text),
  ];
  return {
    id: challenge.id,
    number: challenge.number,
    title: challenge.title,
    rootCauses: challenge.rootCauses,
    details: challenge.details,
    ideas,
    selected,
    ties: ties.filter((group) => group.notes.length > 1),
    solutions,
    summary: summaryLine(challenge.number, challenge.title, solutions),
  };
}

export function challengeSolutions(board: Board, options: TallyOptions = {}): ChallengeSolutions {
  const tally = voteTally(board, options);
  const counts = new Map<string, number>();
  for (const vote of tally.counted) counts.set(vote.note, (counts.get(vote.note) ?? 0) + 1);
  const challengeIds = new Set(board.challenges.map((challenge) => challenge.id));
  const notesByZone = new Map<string, Note[]>();
  for (const note of board.notes) {
    if (note.zone === null || !challengeIds.has(note.zone) || note.text.trim() === '') continue;
    const list = notesByZone.get(note.zone);
    if (list === undefined) notesByZone.set(note.zone, [note]);
    else list.push(note);
  }
  const challenges = board.challenges.map((challenge): ChallengeSolution => {
    const notes = notesByZone.get(challenge.id) ?? [];
    const votes = notes.map((note) => counts.get(note.id) ?? 0);
    const memoable = notes.every((note) => Object.isFrozen(note));
    const key = `${board.meta.id}\u0000${challenge.id}`;
    const hit = memoable ? memo.get(key) : undefined;
    if (hit !== undefined && sameChallenge(hit.challenge, challenge) && sameItems(hit.notes, notes) && sameItems(hit.votes, votes)) return hit.result;
    const result = solve(challenge, notes, votes);
    if (memoable) {
      memo.delete(key);
      if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
      memo.set(key, { challenge: { ...challenge }, notes, votes, result: deepFreeze(result) });
    }
    return result;
  });
  return { budget: tally.budget, tieRule: TIE_RULE, droppedVotes: tally.dropped.length, challenges };
}
