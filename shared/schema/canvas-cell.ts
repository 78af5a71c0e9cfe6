/**
 * The free text of a canvas cell (Business Model Canvas or Value Proposition Canvas), keyed by the
 * cell's zone. The cell's content is this text (one item per line) plus the notes placed in the zone.
 */
import { z } from 'zod';
import { Id, LongText } from './common.ts';
import { defineRecord } from './migrate.ts';

export const CANVAS_CELL_VERSION = 1;

export const CanvasCellSchema = z.object({
  v: z.literal(CANVAS_CELL_VERSION).default(CANVAS_CELL_VERSION),
  zone: Id,
  text: LongText,
});
export type CanvasCell = z.output<typeof CanvasCellSchema>;

export const canvasCellRecord = defineRecord({ name: 'canvas-cell', version: CANVAS_CELL_VERSION, schema: CanvasCellSchema });

/** The items of a cell text: one per non-empty line, bullets stripped. */
export function cellItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*\u2022]|\d+[.)])\s+/, '').trim())
    .filter((line) => line.length > 0);
}

export const CANVAS_TAGS = { business: 'business-development', financing: 'financing' } as const;

/** Business Model Canvas, cluster version (workshop-formats.md §3). `desiredOnly`: only on the 5-year canvas. */
export const BMC_FIELDS = [
  { key: 'key-partners', label: 'Key stakeholders & partners', tag: CANVAS_TAGS.business },
  { key: 'key-ecosystem', label: 'Key ecosystem & clusters', tag: CANVAS_TAGS.business },
  { key: 'activities', label: 'Cluster activities', tag: CANVAS_TAGS.business },
  { key: 'resources', label: 'Cluster resources', tag: CANVAS_TAGS.business },
  { key: 'value-proposition', label: 'Cluster value proposition', tag: CANVAS_TAGS.business },
  { key: 'member-engagement', label: 'Member engagement', tag: CANVAS_TAGS.business },
  { key: 'channels', label: 'Channels', tag: CANVAS_TAGS.business },
  { key: 'members', label: 'Cluster members', tag: CANVAS_TAGS.business },
  { key: 'potential-members', label: 'Potential cluster members', tag: CANVAS_TAGS.business },
  { key: 'cost-structure', label: 'Cost structure', tag: CANVAS_TAGS.financing },
  { key: 'public-funding', label: 'Public funding', tag: CANVAS_TAGS.financing },
  { key: 'private-funding', label: 'Private funding', tag: CANVAS_TAGS.financing },
  { key: 'project-funding', label: 'Project funding', tag: CANVAS_TAGS.financing },
  { key: 'funding-partners', label: 'Funding partners', tag: CANVAS_TAGS.financing, desiredOnly: true },
] as const;
export type BmcField = (typeof BMC_FIELDS)[number]['key'];

/** Value Proposition Canvas for clusters (workshop-formats.md §4): one row per stakeholder. */
export const VPC_FIELDS = [
  { key: 'stakeholder', label: 'Stakeholder', part: 'profile' },
  { key: 'needs', label: 'Needs and objectives', part: 'profile' },
  { key: 'pains', label: 'Pain points', part: 'profile' },
  { key: 'gains', label: 'Gains', part: 'profile' },
  { key: 'service', label: 'Cluster service', part: 'offering' },
  { key: 'pain-reliever', label: 'Pain reliever', part: 'offering' },
  { key: 'gain-creator', label: 'Gain creator', part: 'offering' },
] as const;
export type VpcField = (typeof VPC_FIELDS)[number]['key'];
