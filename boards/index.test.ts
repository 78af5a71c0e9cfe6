import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoardDoc } from '../shared/doc/init.ts';
import { readBoard } from '../shared/doc/read.ts';
import { templateRecord, TemplateSchema } from '../shared/schema/template.ts';
import { getTemplate, isTemplateId, templateIds, templates, templateSources } from './index.ts';

const REQUIRED = [
  'challenge-board',
  'business-model-canvas',
  'value-proposition-canvas',
  'action-plan-individual',
  'action-plan-bm-change',
  'action-plan-extended',
  'priority-matrix',
  'smart-goal-tree',
  'raci-matrix',
  'pestel',
  'participant-profile',
  'funding-sources',
  'scavenger-hunt',
  'feedback',
];

describe('board templates', () => {
  it('has every template the board-model issue lists, with unique ids', () => {
    expect([...templateIds].sort()).toEqual([...REQUIRED].sort());
    expect(new Set(templateIds).size).toBe(templateIds.length);
  });

  it.each(templateSources.map((source) => [source.id, source] as const))('%s validates against the template schema', (_id, source) => {
    const result = TemplateSchema.safeParse(source);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(templateRecord.migrate(source).ok).toBe(true);
  });

  it.each(templates.map((template) => [template.id, template] as const))('%s has a description and timings, and makes a board that reads back clean', (id, template) => {
    expect(template.description.length).toBeGreaterThan(40);
    expect(template.timings.length).toBeGreaterThan(0);
    const doc = new Y.Doc();
    expect(initBoardDoc(doc, template, { id: `board-${id}`, createdAt: 1 })).toBe(true);
    const { board, problems } = readBoard(doc);
    expect(problems).toEqual([]);
    expect(board.meta).toMatchObject({ id: `board-${id}`, templateId: id, title: template.title });
    expect(board.zones.length).toBeGreaterThan(0);
    const boxes = board.zones.map((zone) => `${zone.x},${zone.y}`);
    expect(new Set(boxes).size).toBe(boxes.length); // no two zones stacked on the same spot
  });

  it('lays out one numbered column per challenge on a challenge board', () => {
    const template = getTemplate('challenge-board');
    if (template === undefined) throw new Error('missing');
    const doc = new Y.Doc();
    initBoardDoc(doc, template, { id: 'b', challenges: ['Attracting members', { title: 'Financial sustainability', number: 4 }] });
    const { board } = readBoard(doc);
    expect(board.challenges.map((c) => [c.number, c.title])).toEqual([
      [1, 'Attracting members'],
      [4, 'Financial sustainability'],
    ]);
    expect(() => initBoardDoc(new Y.Doc(), template, { id: 'c', challenges: [] })).toThrow(/1-12 challenges/);
  });

  it('does not re-initialise a board that already exists', () => {
    const template = getTemplate('feedback');
    if (template === undefined) throw new Error('missing');
    const doc = new Y.Doc();
    initBoardDoc(doc, template, { id: 'b', title: 'Day 1' });
    expect(initBoardDoc(doc, template, { id: 'other', title: 'Day 2' })).toBe(false);
    expect(readBoard(doc).board.meta).toMatchObject({ id: 'b', title: 'Day 1' });
  });

  it('answers unknown ids with undefined', () => {
    expect(getTemplate('nope')).toBeUndefined();
    expect(isTemplateId('nope')).toBe(false);
    expect(isTemplateId('pestel')).toBe(true);
  });
});
