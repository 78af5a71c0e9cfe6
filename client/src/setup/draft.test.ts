import { describe, expect, it } from 'vitest';
import { challengesOf, checkParticipants, createBody, draftFromSummary, emptyDay, rowErrorLines, sessionEditBody, type DayDraft } from './draft.ts';

describe('challengesOf', () => {
  it.each([
    ['one per line', 'A\nB\nC', ['A', 'B', 'C']],
    ['blank lines and spaces dropped', '  A \n\n\tB\r\n   \n', ['A', 'B']],
    ['nothing', '  \n', []],
  ])('%s', (_case, text, expected) => expect(challengesOf(text)).toEqual(expected));
});

describe('checkParticipants', () => {
  it.each([
    ['empty text: nobody pre-registered', ' \n', { ok: true, rows: [] }],
    ['names and clusters', 'Ana, Wood\nBen', { ok: true, rows: [{ name: 'Ana', cluster: 'Wood', country: '' }, { name: 'Ben', cluster: '', country: '' }] }],
    ['the API parser\'s row errors', 'Ana\n,x', { ok: false, errors: [{ row: 2, messages: ['a name is needed'] }] }],
  ])('%s', (_case, text, expected) => expect(checkParticipants(text)).toEqual(expected));
});

const day = (): DayDraft => ({
  ...emptyDay(),
  title: ' Sofia breakout ',
  date: '2026-12-04',
  voteBudget: 3,
  agenda: [{ start: '09:00', end: '10:00', title: ' Welcome ', interactive: false }],
  sessions: [
    {
      key: 's',
      title: 'Solutions',
      template: 'challenge-board',
      rooms: [
        { key: 'a', name: 'Group 1', template: 'challenge-board', challengesText: 'One\nTwo\n' },
        { key: 'b', name: 'Canvas', template: 'business-model-canvas', challengesText: '' },
      ],
    },
  ],
  participantsText: 'Laura Müller, Health, DE',
});

describe('createBody', () => {
  it('makes the API body: trimmed, challenges split, a room template only where it differs, participants parsed', () => {
    expect(createBody(day())).toEqual({
      ok: true,
      body: {
        title: 'Sofia breakout',
        date: '2026-12-04',
        voteBudget: 3,
        agenda: [{ start: '09:00', end: '10:00', title: 'Welcome', interactive: false }],
        sessions: [{ title: 'Solutions', template: 'challenge-board', rooms: [{ name: 'Group 1', challenges: ['One', 'Two'] }, { name: 'Canvas', challenges: [], template: 'business-model-canvas' }] }],
        participants: [{ name: 'Laura Müller', cluster: 'Health', country: 'DE' }],
      },
    });
  });

  it('no date is null; bad participant rows stop it with their errors', () => {
    const body = createBody({ ...day(), date: '' });
    expect(body.ok && body.body['date']).toBeNull();
    expect(createBody({ ...day(), participantsText: 'Ana\nAna' })).toEqual({ ok: false, errors: [{ row: 2, messages: ['Ana is also on line 1'] }] });
  });
});

describe('editing an existing day', () => {
  it('keeps room ids so the server keeps their boards; new rooms go without', () => {
    const draft = draftFromSummary({
      workshopId: 'w',
      title: 'Day',
      date: null,
      agenda: [],
      role: 'facilitator',
      me: null,
      myRooms: [],
      controlDoc: 'w:control',
      draftDoc: null,
      privateIdeation: false,
      participants: [],
      voteBudget: 4,
      sessions: [{ id: 's1', title: 'S', template: 'challenge-board', rooms: [{ id: 'r1', name: 'G1', boardId: 'b1', challenges: ['A', 'B'], participantIds: [] }] }],
    });
    expect(draft.voteBudget).toBe(4);
    const session = draft.sessions[0]!;
    session.rooms.push({ key: 'new', name: 'G2', template: 'challenge-board', challengesText: 'C' });
    expect(sessionEditBody(session)).toEqual({ title: 'S', rooms: [{ id: 'r1', name: 'G1', challenges: ['A', 'B'] }, { name: 'G2', challenges: ['C'] }] });
  });

  it('splits the server\'s row errors into lines', () => {
    expect(rowErrorLines('row 3: a name is needed | row 5: Ana is already registered')).toEqual(['Row 3: a name is needed', 'Row 5: Ana is already registered']);
  });
});
