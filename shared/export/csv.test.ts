import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, putZone } from '../doc/board-doc.ts';
import { vote } from '../doc/control-doc.ts';
import { BOARD_MAPS } from '../doc/layout.ts';
import { readBoard } from '../doc/read.ts';
import { actionPlanRows } from '../reducers/action-plan.ts';
import { boosterAcademy } from '../reducers/fixtures/booster-academy.ts';
import { actionPlanCsv, csvCell, toCsv } from './csv.ts';

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  expect(row).toEqual([]); // every record ends with CRLF
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain text', 'Member surveys', 'Member surveys'],
    ['empty', '', ''],
    ['a comma', 'SMEs, start-ups', '"SMEs, start-ups"'],
    ['quotes are doubled', 'the "big" one', '"the ""big"" one"'],
    ['a line break', 'line 1\nline 2', '"line 1\nline 2"'],
    ['CRLF inside', 'a\r\nb', '"a\r\nb"'],
    ['formula =', '=1+1', "'=1+1"],
    ['formula +', '+49 30 1234', "'+49 30 1234"],
    ['formula -', '-2+3', "'-2+3"],
    ['formula @', '@SUM(A1)', "'@SUM(A1)"],
    ['leading tab', '\t=1', "'\t=1"],
    ['leading CR is prefixed and quoted', '\r=1', `"'\r=1"`],
    ['a formula with a comma is prefixed, then quoted', '=HYPERLINK("http://x","go")', `"'=HYPERLINK(""http://x"",""go"")"`],
    ['= later in the text is harmless', 'a=b', 'a=b'],
  ])('%s', (_name, input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('ends every record with CRLF and can prefix a BOM', () => {
    expect(toCsv([['a', 'b'], ['c', 'd']])).toBe('a,b\r\nc,d\r\n');
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n');
  });
});

describe('actionPlanCsv', () => {
  const { control, group1 } = boosterAcademy();
  const { board } = readBoard(group1, control);

  it.each(['individual', 'bm-change', 'extended'] as const)('round-trips the %s rows through an RFC 4180 reader', (template) => {
    const rows = parseCsv(actionPlanCsv(board, template));
    const expected = actionPlanRows(board, template);
    expect(rows).toHaveLength(expected.length + 1);
    expect(rows.slice(1).map((row) => row.length)).toEqual(expected.map(() => rows[0]?.length));
  });

  it('writes the individual plan of the booster-academy board', () => {
    const rows = parseCsv(actionPlanCsv(board, 'individual'));
    expect(rows[0]).toEqual(['Objective', 'Action (step)', 'Responsible', 'Start', 'Due', 'Peer feedback']);
    expect(rows[1]).toEqual(['Delivering innovative services for member and industry demands', "Increase member engagement in the cluster's services", '', '', '', '']);
    expect(rows.map((row) => row[1])).toContain('Match interests of members of different sizes');
  });

  it('keeps a malicious idea as text when it becomes a plan row', () => {
    const doc = new Y.Doc();
    doc.getMap(BOARD_MAPS.meta).set('id', 'b');
    putZone(doc, { id: 'c', role: 'challenge', title: '@attack', x: 0, y: 0, w: 1, h: 1 });
    addNote(doc, { id: 'n', text: '=HYPERLINK("http://evil.example","Click")', author: 'x', x: 0, y: 0, zone: 'c', createdAt: 1 });
    const ctl = new Y.Doc();
    vote(ctl, { board: 'b', voter: 'v', note: 'n', at: 1 });
    const csv = actionPlanCsv(readBoard(doc, ctl).board, 'individual');
    const [, row] = parseCsv(csv);
    expect(row?.slice(0, 2)).toEqual(["'@attack", `'=HYPERLINK("http://evil.example","Click")`]);
  });
});
