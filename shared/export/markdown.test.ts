import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, addPlanRow, putZone, setCanvasCell } from '../doc/board-doc.ts';
import { initBoardDoc } from '../doc/init.ts';
import { BOARD_MAPS } from '../doc/layout.ts';
import { readBoard } from '../doc/read.ts';
import { boosterAcademy } from '../reducers/fixtures/booster-academy.ts';
import { makeBoard, note, row, zone } from '../reducers/test-board.ts';
import { TemplateSchema } from '../schema/template.ts';
import { renderExport } from './index.ts';
import { boardToMarkdown, mdInline } from './markdown.ts';

describe('boardToMarkdown', () => {
  const { control, group1, group2 } = boosterAcademy();
  const read = readBoard(group1, control);
  const md = boardToMarkdown(read.board);

  it('lists each challenge with its solutions best first, the selection flagged', () => {
    const lines = md.split('\n');
    const start = lines.indexOf('### Challenge 4 - Overcoming barriers to collaboration in a closed ecosystem');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 9)).toEqual([
      '',
      '**Root causes:** Limited staff and budget in the cluster management',
      '',
      '**Solutions, best first:**',
      '',
      '1. **Match interests of members of different sizes** (2 votes; most voted, not yet confirmed)',
      '2. Speed matchmaking for members short of time (1 vote)',
      '',
    ]);
    expect(md).toContain("1. **Increase member engagement in the cluster's services** (4 votes; selected by the facilitator)");
    expect(md.startsWith('# Breakout group 1\n')).toBe(true);
    const g2 = readBoard(group2, control);
    expect(boardToMarkdown(g2.board)).toContain('Vote budget: 3 per person per challenge. 3 vote(s) beyond the budget were not counted._');
  });

  it('escapes user text so a note cannot add headings, links or HTML', () => {
    expect(mdInline('# Title <script>alert(1)</script> [x](http://e) | a_b *c*')).toBe(
      '\\# Title \\<script\\>alert(1)\\</script\\> \\[x\\](http://e) \\| a\\_b \\*c\\*',
    );
    expect(mdInline('1. not a list')).toBe('1\\. not a list');
    expect(mdInline('- not a bullet\nsecond line')).toBe('\\- not a bullet second line');
  });

  it.each([
    ['empty board', makeBoard({}), '# Test board\n'],
    ['a challenge without ideas', makeBoard({ zones: [zone('c', 'challenge', { title: 'Visibility', number: 9 })] }), '### Challenge 9 - Visibility\n\n_No solutions yet._'],
    ['a priority matrix', makeBoard({ zones: [zone('q', 'quadrant', { key: 'quick-wins' })], notes: [note('n', 'q', 1, { text: 'Newsletter', status: 'in-progress' })] }), '### Quick wins (high impact, low effort)\n\n- Newsletter (in progress)'],
    ['RACI warnings', makeBoard({ zones: [zone('t', 'table', { table: 'raci', columns: [{ key: 'deliverable', label: 'Deliverable' }, { key: 'cm', label: 'CM' }] })], rows: [row('r', 'raci', { deliverable: 'Survey', cm: 'R' })] }), '- Survey: nobody is accountable (A)'],
    ['a PESTEL column', makeBoard({ zones: [zone('p', 'category', { title: 'Political' })], notes: [note('n', 'p', 1, { text: 'Elections in 2027' })] }), '## Political\n\n- Elections in 2027'],
  ] as const)('renders %s', (_name, board, expected) => {
    expect(boardToMarkdown(board)).toContain(expected);
  });

  it('renders the canvas changes and value propositions of a board', () => {
    const template = TemplateSchema.parse({
      id: 't',
      title: 'T',
      description: 'd',
      timings: [{ step: 's', minutes: 1 }],
      zones: [
        { id: 'cur', role: 'canvas-cell', title: 'Channels', key: 'channels', variant: 'current', x: 0, y: 0, w: 1, h: 1 },
        { id: 'des', role: 'canvas-cell', title: 'Channels', key: 'channels', variant: 'desired', x: 0, y: 10, w: 1, h: 1 },
        { id: 'vs', role: 'canvas-cell', title: 'Stakeholder', key: 'stakeholder', row: 1, x: 10, y: 0, w: 1, h: 1 },
      ],
    });
    const doc = new Y.Doc();
    initBoardDoc(doc, template, { id: 'b', title: 'Canvas day' });
    setCanvasCell(doc, 'cur', 'Newsletter');
    setCanvasCell(doc, 'des', 'Newsletter\nLinkedIn');
    setCanvasCell(doc, 'vs', 'Universities');
    const out = boardToMarkdown(readBoard(doc).board);
    expect(out).toContain('| Channels | Add: LinkedIn |');
    expect(out).toContain('1. Our cluster enables Universities to overcome \\[specific challenge\\]');
    expect(out).toContain('_Still missing: Needs and objectives, Pain points, Gains, Cluster service, Pain reliever, Gain creator._');
  });

  it('renders an action-plan table and the data problems', () => {
    const doc = new Y.Doc();
    doc.getMap(BOARD_MAPS.meta).set('id', 'b');
    putZone(doc, { id: 'plan', role: 'table', title: 'Plan', table: 'extended', columns: [{ key: 'objective', label: 'Objective' }], x: 0, y: 0, w: 1, h: 1 });
    addPlanRow(doc, { kind: 'extended', zone: 'plan', cells: { objective: 'Secure essential funding', action: 'Assess cluster needs | goals', start: '1 Mar', due: '31 Mar' } });
    addNote(doc, { id: 'n', text: 'x', author: 'a', x: 0, y: 0, createdAt: 1 });
    (doc.getMap('notes').get('n') as Y.Map<unknown>).set('w', 'wide');
    const read2 = readBoard(doc);
    const out = boardToMarkdown(read2.board, { problems: read2.problems });
    expect(out).toContain('| Secure essential funding | Assess cluster needs \\| goals |   |   |   |   | 1 Mar | 31 Mar |');
    expect(out).toContain('## Notes on the data\n\n- note n: repaired w');
  });
});

describe('renderExport', () => {
  const { control, group1 } = boosterAcademy();
  const { board, problems } = readBoard(group1, control);
  it.each([
    ['md', 'text/markdown; charset=utf-8', 'breakout-group-1.md', '# Breakout group 1'],
    ['csv', 'text/csv; charset=utf-8; header=present', 'breakout-group-1-individual.csv', 'Objective,Action (step)'],
    ['json', 'application/json; charset=utf-8', 'breakout-group-1.json', '{\n  "format": "plenary.board-results"'],
  ] as const)('%s', (format, contentType, filename, start) => {
    const out = renderExport(format, board, { problems });
    expect(out.contentType).toBe(contentType);
    expect(out.filename).toBe(filename);
    expect(out.body.startsWith(start)).toBe(true);
  });
});
