/**
 * The participant profile filled in before the workshop ("get to know me and my cluster").
 * v2 turned the free-text "top 3 challenges" and "cluster in 3 words" of the v1 form into lists.
 */
import { z } from 'zod';
import { Id, LongText, ShortText } from './common.ts';
import { defineRecord, type Migration } from './migrate.ts';

export const PROFILE_VERSION = 2;

const Year = z.number().int().min(1800).max(2200);

export const ParticipantProfileSchema = z.object({
  v: z.literal(PROFILE_VERSION).default(PROFILE_VERSION),
  id: Id,
  name: ShortText,
  role: ShortText.default(''),
  yearJoined: Year.nullable().default(null),
  clusterName: ShortText.default(''),
  region: ShortText.default(''),
  country: ShortText.default(''),
  clusterEstablished: Year.nullable().default(null),
  ecosystems: z.array(ShortText).max(20).default([]),
  members: z.number().int().nonnegative().nullable().default(null),
  threeWords: z.array(ShortText).max(3).default([]),
  challenges: z.array(LongText).max(3).default([]),
  expectation: LongText.default(''),
});
export type ParticipantProfile = z.output<typeof ParticipantProfileSchema>;
export type ParticipantProfileInput = z.input<typeof ParticipantProfileSchema>;

function splitList(value: unknown, separator: RegExp, max: number): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(separator)
    .map((item) => item.replace(/^\s*(?:\d+[.)]|[-*\u2022])\s*/, '').trim())
    .filter((item) => item.length > 0)
    .slice(0, max);
}

const listsMigration: Migration = {
  to: 2,
  description: 'challenges and threeWords become lists',
  up: (previous) => ({
    ...previous,
    challenges: splitList(previous['challenges'], /\r?\n/, 3),
    threeWords: splitList(previous['threeWords'], /[\s,;]+/, 3),
  }),
};

export const profileRecord = defineRecord({
  name: 'participant-profile',
  version: PROFILE_VERSION,
  schema: ParticipantProfileSchema,
  migrations: [listsMigration],
});
