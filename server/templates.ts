/**
 * Turning a board creation request into the board document's first update: its meta (id, title,
 * template) and, with a template, the template's zones (challenge columns for challenge boards).
 */
import * as Y from 'yjs';
import { getTemplate, listTemplates, templateIds } from '../boards/index.ts';
import { initBlankBoardDoc, initBoardDoc } from '../shared/doc/index.ts';

export type NewBoardContent = {
  boardId: string;
  title: string;
  template: string | null;
  challenges?: readonly string[];
  createdAt: number;
};

export const boardTemplates = {
  ids: templateIds,
  /** With each template's range of challenges (null: it takes none), for the setup screens. */
  list: () => listTemplates().map((t) => ({ ...t, challenges: boardTemplates.takesChallenges(t.id) })),
  /** Whether the template lays out a list of challenges (so `challenges` may be given). */
  takesChallenges(templateId: string): { min: number; max: number } | null {
    const spec = getTemplate(templateId)?.challenges;
    return spec ? { min: spec.min, max: spec.max } : null;
  },
  initialUpdate(content: NewBoardContent): Uint8Array {
    const doc = new Y.Doc();
    if (content.template === null) {
      initBlankBoardDoc(doc, { id: content.boardId, title: content.title, createdAt: content.createdAt });
    } else {
      const template = getTemplate(content.template);
      if (!template) throw new Error(`unknown template ${content.template}`);
      initBoardDoc(doc, template, {
        id: content.boardId,
        title: content.title,
        createdAt: content.createdAt,
        ...(content.challenges ? { challenges: content.challenges } : {}),
      });
    }
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return update;
  },
};

export type BoardTemplates = typeof boardTemplates;
