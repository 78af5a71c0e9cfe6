/**
 * The board templates, by id. Each template is plain data in its own file, validated by the template
 * schema when this module loads (a broken template is a programming error, caught by index.test.ts).
 * The sync server accepts exactly `templateIds` as `template` on board creation.
 */
import { TemplateSchema, type Template, type TemplateInput } from '../shared/schema/template.ts';
import { businessModelChangePlan, extendedActionPlan, individualActionPlan } from './action-plans.ts';
import { businessModelCanvas } from './business-model-canvas.ts';
import { challengeBoard } from './challenge-board.ts';
import { feedback } from './feedback.ts';
import { fundingSources } from './funding-sources.ts';
import { participantProfile } from './participant-profile.ts';
import { pestel } from './pestel.ts';
import { priorityMatrix } from './priority-matrix.ts';
import { raciMatrix } from './raci-matrix.ts';
import { scavengerHunt } from './scavenger-hunt.ts';
import { smartGoalTree } from './smart-goal-tree.ts';
import { valuePropositionCanvas } from './value-proposition-canvas.ts';

/** The template files' data as written, before validation (index.test.ts checks each one). */
export const templateSources: readonly TemplateInput[] = [
  challengeBoard,
  businessModelCanvas,
  valuePropositionCanvas,
  individualActionPlan,
  businessModelChangePlan,
  extendedActionPlan,
  priorityMatrix,
  smartGoalTree,
  raciMatrix,
  pestel,
  participantProfile,
  fundingSources,
  scavengerHunt,
  feedback,
];

export const templates: readonly Template[] = templateSources.map((source) => TemplateSchema.parse(source));

export const templateIds: readonly string[] = templates.map((template) => template.id);

const byId = new Map(templates.map((template) => [template.id, template]));

export function isTemplateId(id: string): boolean {
  return byId.has(id);
}

export function getTemplate(id: string): Template | undefined {
  return byId.get(id);
}

/** id, title, description and timings, for a template picker or GET /api/templates. */
export function listTemplates(): { id: string; title: string; description: string; timings: Template['timings'] }[] {
  return templates.map(({ id, title, description, timings }) => ({ id, title, description, timings }));
}
