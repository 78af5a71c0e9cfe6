/**
 * A challenge as the five-stage breakout works on it: its title and number (from its zone), the root
 * causes the group wrote down, the note the facilitator selected (from the control document) and the
 * group's detailed write-up of the best idea.
 */
import { z } from 'zod';
import { Id, LongText, ShortText } from './common.ts';
import { defineRecord } from './migrate.ts';

export const CHALLENGE_VERSION = 1;

export const ChallengeSchema = z.object({
  v: z.literal(CHALLENGE_VERSION).default(CHALLENGE_VERSION),
  /** The id of the challenge's zone. */
  id: Id,
  number: z.number().int().min(1),
  title: ShortText,
  rootCauses: LongText.default(''),
  /** The facilitator's pick, a note id; null until the facilitator selects. */
  selected: Id.nullable().default(null),
  details: LongText.default(''),
});
export type Challenge = z.output<typeof ChallengeSchema>;
export type ChallengeInput = z.input<typeof ChallengeSchema>;

export const challengeRecord = defineRecord({ name: 'challenge', version: CHALLENGE_VERSION, schema: ChallengeSchema });
