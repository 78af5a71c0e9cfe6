/**
 * A board template: data in boards/, checked by this schema. It carries the zones a new board starts
 * with, the recommended timings from the training material, and for challenge boards how many
 * challenge columns to lay out. v2 replaced v1's single `minutes` with a list of timed steps.
 */
import { z } from 'zod';
import { ShortText } from './common.ts';
import { defineRecord, type Migration } from './migrate.ts';
import { ZoneSchema } from './zone.ts';

export const TEMPLATE_VERSION = 2;

export const TimingSchema = z.object({
  step: ShortText.min(1),
  minutes: z.number().positive().max(24 * 60),
  /** e.g. "per challenge" for steps that repeat. */
  note: ShortText.optional(),
});
export type Timing = z.output<typeof TimingSchema>;

export const TemplateSchema = z
  .object({
    v: z.literal(TEMPLATE_VERSION).default(TEMPLATE_VERSION),
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(64),
    title: ShortText.min(1),
    description: z.string().min(1).max(2000),
    /** Where in workshop-formats.md the format comes from. */
    source: ShortText.default(''),
    timings: z.array(TimingSchema).min(1),
    voteBudget: z.number().int().min(1).max(20).nullable().default(null),
    zones: z.array(ZoneSchema),
    /** Challenge boards: challenge columns generated at creation from the given titles. */
    challenges: z
      .object({
        min: z.number().int().min(1),
        max: z.number().int().min(1).max(40),
        defaults: z.array(ShortText.min(1)).min(1),
      })
      .optional(),
  })
  .superRefine((template, ctx) => {
    const ids = new Set<string>();
    for (const zone of template.zones) {
      if (ids.has(zone.id)) ctx.addIssue({ code: 'custom', message: `duplicate zone id ${zone.id}`, path: ['zones'] });
      ids.add(zone.id);
      if (zone.role === 'table' && (zone.table === undefined || zone.columns === undefined)) {
        ctx.addIssue({ code: 'custom', message: `table zone ${zone.id} needs table and columns`, path: ['zones'] });
      }
    }
    const c = template.challenges;
    if (c !== undefined && (c.min > c.max || c.defaults.length < c.min || c.defaults.length > c.max)) {
      ctx.addIssue({ code: 'custom', message: 'challenges: need min <= defaults <= max', path: ['challenges'] });
    }
  });
export type Template = z.output<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

const timingsMigration: Migration = {
  to: 2,
  description: 'single minutes -> list of timed steps',
  up: (previous) => {
    const { minutes, ...rest } = previous;
    if (rest['timings'] !== undefined || typeof minutes !== 'number') return { ...rest };
    return { ...rest, timings: [{ step: 'Exercise', minutes }] };
  },
};

export const templateRecord = defineRecord({
  name: 'template',
  version: TEMPLATE_VERSION,
  schema: TemplateSchema,
  migrations: [timingsMigration],
});
