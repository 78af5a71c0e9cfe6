/**
 * Creating a board document from a template: its meta (id, title, template id) and its zones, with
 * one challenge column per challenge title for challenge boards.
 */
import * as Y from 'yjs';
import { TemplateSchema, type Template } from '../schema/template.ts';
import { ZoneSchema, type Zone } from '../schema/zone.ts';
import { addChallengeTexts } from './board-doc.ts';
import { BOARD_MAPS, LAYOUT_VERSION } from './layout.ts';

export type ChallengeSpec = string | { title: string; number?: number };

export type InitBoardOptions = {
  id: string;
  /** Defaults to the template's title. */
  title?: string;
  createdAt?: number;
  /** Challenge boards: the challenges to lay out (defaults to the template's). */
  challenges?: readonly ChallengeSpec[];
};

const COLUMN = { w: 360, h: 1000, gap: 40, top: 160 } as const;

/** The zones a new board gets: the template's own plus the generated challenge columns. */
export function templateZones(template: Template, challenges?: readonly ChallengeSpec[]): Zone[] {
  const zones = template.zones.map((zone) => ({ ...zone }));
  const spec = template.challenges;
  if (spec === undefined) return zones;
  const list = challenges ?? spec.defaults;
  if (list.length < spec.min || list.length > spec.max) {
    throw new Error(`template ${template.id} takes ${spec.min}-${spec.max} challenges, got ${list.length}`);
  }
  const orderBase = zones.reduce((max, zone) => Math.max(max, zone.order), 0) + 1;
  list.forEach((item, index) => {
    const title = typeof item === 'string' ? item : item.title;
    const number = typeof item === 'string' ? index + 1 : (item.number ?? index + 1);
    zones.push(
      ZoneSchema.parse({
        id: `challenge-${index + 1}`,
        role: 'challenge',
        title,
        number,
        order: orderBase + index,
        x: index * (COLUMN.w + COLUMN.gap),
        y: COLUMN.top,
        w: COLUMN.w,
        h: COLUMN.h,
      }),
    );
  });
  return zones;
}

/**
 * Writes meta and zones into an empty board document, in one transaction. Returns false (and writes
 * nothing) when the document already has a board in it, so a reconnecting creator cannot reset it.
 */
export function initBoardDoc(doc: Y.Doc, templateInput: Template, options: InitBoardOptions, origin?: unknown): boolean {
  const template = TemplateSchema.parse(templateInput);
  const zones = templateZones(template, options.challenges);
  const meta = doc.getMap<unknown>(BOARD_MAPS.meta);
  if (meta.has('id')) return false;
  doc.transact(() => {
    meta.set('id', options.id);
    meta.set('title', options.title ?? template.title);
    meta.set('templateId', template.id);
    meta.set('createdAt', options.createdAt ?? 0);
    meta.set('layout', LAYOUT_VERSION);
    const zoneMap = doc.getMap<unknown>(BOARD_MAPS.zones);
    for (const zone of zones) {
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(zone)) {
        if (value !== undefined) map.set(key, value);
      }
      zoneMap.set(zone.id, map);
      if (zone.role === 'challenge') addChallengeTexts(doc, zone.id);
    }
  }, origin);
  return true;
}

/** An empty board without a template (the server's "no template" case). */
export function initBlankBoardDoc(doc: Y.Doc, options: { id: string; title?: string; createdAt?: number }, origin?: unknown): boolean {
  const meta = doc.getMap<unknown>(BOARD_MAPS.meta);
  if (meta.has('id')) return false;
  doc.transact(() => {
    meta.set('id', options.id);
    meta.set('title', options.title ?? '');
    meta.set('templateId', null);
    meta.set('createdAt', options.createdAt ?? 0);
    meta.set('layout', LAYOUT_VERSION);
  }, origin);
  return true;
}

/**
 * Changes a challenge board's challenges after creation (the facilitator edits the day): existing columns
 * keep their place, size and notes and take the new title and number; added challenges get a new column
 * where a new board would have it; columns past the new list are removed (the caller checks they are
 * empty). Throws when the template takes no challenges or not that many.
 */
export function setChallengeColumns(doc: Y.Doc, templateInput: Template, challenges: readonly ChallengeSpec[], origin?: unknown): void {
  const template = TemplateSchema.parse(templateInput);
  if (!template.challenges) throw new Error(`template ${template.id} takes no challenges`);
  const wanted = templateZones(template, challenges).filter((zone) => zone.role === 'challenge');
  const zones = doc.getMap<unknown>(BOARD_MAPS.zones);
  doc.transact(() => {
    const keep = new Set(wanted.map((zone) => zone.id));
    for (const [id, value] of [...zones.entries()]) {
      if (value instanceof Y.Map && value.get('role') === 'challenge' && !keep.has(id)) zones.delete(id);
    }
    for (const zone of wanted) {
      const existing = zones.get(zone.id);
      if (existing instanceof Y.Map) {
        if (existing.get('title') !== zone.title) existing.set('title', zone.title);
        if (existing.get('number') !== zone.number) existing.set('number', zone.number);
        continue;
      }
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(zone)) if (value !== undefined) map.set(key, value);
      zones.set(zone.id, map);
    }
  }, origin);
}
