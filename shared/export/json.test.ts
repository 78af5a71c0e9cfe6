import { describe, expect, it } from 'vitest';
import { readBoard } from '../doc/read.ts';
import { boosterAcademy, EXPECTED_SUMMARY } from '../reducers/fixtures/booster-academy.ts';
import { makeBoard } from '../reducers/test-board.ts';
import { BoardResultsSchema } from '../schema/results.ts';
import { boardResults, boardResultsJson, boardResultsJsonSchema } from './json.ts';

describe('JSON export', () => {
  const { control, group1, group2 } = boosterAcademy();
  const read = readBoard(group2, control);

  it('carries the challenge summary and passes its own schema after a JSON round trip', () => {
    const parsed: unknown = JSON.parse(boardResultsJson(read.board, read.problems));
    const results = BoardResultsSchema.parse(parsed);
    expect(results.challengeSolutions.challenges.map((c) => c.summary)).toEqual(EXPECTED_SUMMARY.slice(4));
    expect(results.problems).toEqual(read.problems);
    expect(results.board.id).toBe('group-2');
  });

  it('is the same for an empty board as the schema says', () => {
    expect(BoardResultsSchema.safeParse(boardResults(makeBoard({}))).success).toBe(true);
  });

  it('publishes a JSON Schema generated from the same zod schemas', () => {
    const schema = boardResultsJsonSchema() as { $schema: string; type: string; required: string[]; properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect([...schema.required].sort()).toEqual(Object.keys(boardResults(readBoard(group1, control).board)).sort());
    const challenge = JSON.stringify(schema.properties['challengeSolutions']);
    for (const field of ['summary', 'solutions', 'tiedWith', 'ties', 'rank']) expect(challenge).toContain(`"${field}"`);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
