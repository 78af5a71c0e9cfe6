import { describe, expect, it } from 'vitest';
import { parseParticipantsCsv } from './participants-csv.ts';

describe('parseParticipantsCsv', () => {
  it.each([
    ['one name a line', 'Ana Horvat\nBen Novak\n', [['Ana Horvat', '', ''], ['Ben Novak', '', '']]],
    ['name, cluster, country', 'Ana Horvat, Wood cluster, SI\nBen Novak,,AT', [['Ana Horvat', 'Wood cluster', 'SI'], ['Ben Novak', '', 'AT']]],
    ['header in another order', 'country,name\nSI,Ana Horvat', [['Ana Horvat', '', 'SI']]],
    ['quoted comma, CRLF, blank lines', '"Müller, Laura",Health\r\n\r\nBen Novak\r\n', [['Müller, Laura', 'Health', ''], ['Ben Novak', '', '']]],
    ['byte order mark', '\ufeffAna Horvat', [['Ana Horvat', '', '']]],
  ])('%s', (_case, text, expected) => {
    const result = parseParticipantsCsv(text);
    expect(result).toEqual({ ok: true, value: expected.map(([name, cluster, country]) => ({ name, cluster, country })) });
  });

  it.each([
    ['an empty name, with its line', 'Ana Horvat\n,Wood\n', [{ row: 2, messages: ['a name is needed'] }]],
    ['too many columns', 'Ana,Wood,SI,extra', [{ row: 1, messages: ['4 columns; expected at most 3 (name, cluster, country)'] }]],
    ['a name twice', 'Ana Horvat\nBen\nana  horvat', [{ row: 3, messages: ['ana  horvat is also on line 1'] }]],
    ['every bad row, not the first only', ',x\nAna\n,y', [{ row: 1, messages: ['a name is needed'] }, { row: 3, messages: ['a name is needed'] }]],
    ['an unknown header column', 'name,email\nAna,a@b', [{ row: 1, messages: ['unknown column email; expected name, cluster, country'] }]],
    ['nothing', '\n\n', [{ row: 1, messages: ['no participants in the text'] }]],
    ['an unterminated quote', '"Ana', [{ row: 1, messages: ['line 1: unterminated quoted field'] }]],
  ])('refuses %s', (_case, text, errors) => {
    expect(parseParticipantsCsv(text)).toEqual({ ok: false, errors });
  });

  it('refuses names already registered', () => {
    expect(parseParticipantsCsv('Ben\nAna Horvat', ['Ana Horvat'])).toEqual({ ok: false, errors: [{ row: 2, messages: ['Ana Horvat is already registered'] }] });
  });
});
