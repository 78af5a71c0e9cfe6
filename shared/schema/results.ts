/**
 * The shapes of the reducers' results (shared/reducers/). They are zod schemas, not just types, so
 * that the JSON export can ship a JSON Schema generated from the same source the code is typed by.
 */
import { z } from 'zod';
import { ActionPlanRowSchema } from './action-plan-row.ts';
import { BoardMetaSchema } from './board.ts';
import { Id } from './common.ts';
import { NOTE_STATUSES } from './note.ts';
import { VoteSchema } from './vote.ts';

export const VoteTallySchema = z.object({
  budget: z.number().int().min(0),
  /** Counted votes per note id; notes without counted votes are absent. */
  counts: z.record(z.string(), z.number().int().positive()),
  counted: z.array(VoteSchema),
  /** Votes beyond a voter's budget for a challenge, in the order they were cast. */
  dropped: z.array(VoteSchema),
});
export type VoteTally = z.output<typeof VoteTallySchema>;

export const IdeaSchema = z.object({
  note: Id,
  text: z.string(),
  author: z.string(),
  votes: z.number().int().min(0),
  /** 1-based position after the tie rule; tied ideas still get distinct ranks. */
  rank: z.number().int().min(1),
});
export type Idea = z.output<typeof IdeaSchema>;

export const SelectedIdeaSchema = z.object({
  note: Id,
  text: z.string(),
  votes: z.number().int().min(0),
  /** `facilitator`: the trainer's pick; `top-voted`: no pick yet, the most voted idea stands in. */
  by: z.enum(['facilitator', 'top-voted']),
  /** Other ideas with as many votes as the top-voted one (only for `top-voted`). */
  tiedWith: z.array(Id),
});
export type SelectedIdea = z.output<typeof SelectedIdeaSchema>;

export const ChallengeSolutionSchema = z.object({
  id: Id,
  number: z.number().int().min(1),
  title: z.string(),
  rootCauses: z.string(),
  details: z.string(),
  ideas: z.array(IdeaSchema),
  selected: SelectedIdeaSchema.nullable(),
  /** Groups of two or more ideas with the same (non-zero) number of votes. */
  ties: z.array(z.object({ votes: z.number().int().positive(), notes: z.array(Id).min(2) })),
  /** The solutions best first: the selected idea, then the others by rank. */
  solutions: z.array(z.string()),
  /** "Challenge N - title - solution; solution; ..." */
  summary: z.string(),
});
export type ChallengeSolution = z.output<typeof ChallengeSolutionSchema>;

export const TIE_RULE =
  'more votes first; equal votes: the note created earlier first; same time: the smaller note id first';

export const ChallengeSolutionsSchema = z.object({
  budget: z.number().int().min(0),
  tieRule: z.string(),
  droppedVotes: z.number().int().min(0),
  challenges: z.array(ChallengeSolutionSchema),
});
export type ChallengeSolutions = z.output<typeof ChallengeSolutionsSchema>;

export const MatrixItemSchema = z.object({ note: Id, text: z.string(), author: z.string(), status: z.enum(NOTE_STATUSES) });
export const PriorityMatrixSchema = z.object({
  quadrants: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      impact: z.enum(['high', 'low']),
      effort: z.enum(['high', 'low']),
      items: z.array(MatrixItemSchema),
      status: z.record(z.enum(NOTE_STATUSES), z.number().int().min(0)),
    }),
  ),
});
export type PriorityMatrix = z.output<typeof PriorityMatrixSchema>;

export const RACI_WARNINGS = ['no-accountable', 'multiple-accountable', 'no-responsible', 'invalid-entry'] as const;
export const RaciSchema = z.object({
  people: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(
    z.object({
      row: Id,
      deliverable: z.string(),
      parent: Id.nullable(),
      /** Person key -> letters among R, A, C, I. */
      roles: z.record(z.string(), z.array(z.enum(['R', 'A', 'C', 'I']))),
    }),
  ),
  warnings: z.array(z.object({ row: Id, deliverable: z.string(), code: z.enum(RACI_WARNINGS), message: z.string() })),
});
export type Raci = z.output<typeof RaciSchema>;

export const CanvasDiffRowSchema = z.object({
  field: z.string(),
  label: z.string(),
  tags: z.array(z.string()),
  current: z.array(z.string()),
  desired: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  /** The group's own "desired change" text when written, else one computed from added/removed. */
  change: z.string(),
  changed: z.boolean(),
});
export const CanvasDiffSchema = z.object({ rows: z.array(CanvasDiffRowSchema) });
export type CanvasDiff = z.output<typeof CanvasDiffSchema>;
export type CanvasDiffRow = z.output<typeof CanvasDiffRowSchema>;

export const ValuePropositionSchema = z.object({
  row: z.number().int().min(1),
  fields: z.record(z.string(), z.array(z.string())),
  statement: z.string(),
  complete: z.boolean(),
  /** Labels of the columns still empty on this row. */
  missing: z.array(z.string()),
});
export type ValueProposition = z.output<typeof ValuePropositionSchema>;

export const ThemeEntrySchema = z.object({ note: Id, text: z.string(), author: z.string() });
export const ThemesSchema = z.object({
  total: z.number().int().min(0),
  themes: z.array(
    z.object({ zone: Id, number: z.number().int().min(1), title: z.string(), count: z.number().int().min(0), challenges: z.array(ThemeEntrySchema) }),
  ),
  unassigned: z.array(ThemeEntrySchema),
});
export type Themes = z.output<typeof ThemesSchema>;

export const ScavengerHuntSchema = z.object({
  total: z.number().int().min(0),
  revealed: z.array(z.object({ number: z.number().int().min(1), note: Id, text: z.string() })),
  hidden: z.number().int().min(0),
  guesses: z.array(z.object({ note: Id, text: z.string(), author: z.string() })),
});
export type ScavengerHunt = z.output<typeof ScavengerHuntSchema>;

export const RESULTS_FORMAT = 'plenary.board-results' as const;
export const RESULTS_VERSION = 1;

/** Everything the JSON export carries about one board. */
export const BoardResultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  board: BoardMetaSchema,
  challengeSolutions: ChallengeSolutionsSchema,
  voteTally: VoteTallySchema,
  actionPlans: z.object({
    individual: z.array(ActionPlanRowSchema),
    'bm-change': z.array(ActionPlanRowSchema),
    extended: z.array(ActionPlanRowSchema),
  }),
  priorityMatrix: PriorityMatrixSchema,
  raci: RaciSchema,
  canvasDiff: CanvasDiffSchema,
  valuePropositions: z.array(ValuePropositionSchema),
  themes: ThemesSchema,
  scavengerHunt: ScavengerHuntSchema,
  problems: z.array(z.string()),
});
export type BoardResults = z.output<typeof BoardResultsSchema>;

export const FUNDING_CATEGORIES = ['public', 'private', 'project', 'other', 'unallocated'] as const;
export const FundingSliceSchema = z.object({
  /** The source as written (first spelling wins when the same source appears twice). */
  source: z.string(),
  category: z.enum(FUNDING_CATEGORIES),
  /** The shares of every row for this source, added up, as written (not normalised). */
  share: z.number().min(0),
  /** Share of the pie, 0-100, normalised when the rows add up to more than 100. */
  percent: z.number().min(0).max(100),
  /** Whole percentages that add up to exactly 100 (largest remainder). */
  rounded: z.number().int().min(0).max(100),
  color: z.string(),
});
export const FundingSplitSchema = z.object({
  splits: z.array(
    z.object({
      zone: Id,
      title: z.string(),
      variant: z.enum(['current', 'desired']).nullable(),
      /** Sum of the shares that parsed. */
      total: z.number().min(0),
      /** The rows add up to more than 100: every slice is scaled down to fit. */
      normalised: z.boolean(),
      /** Largest first; an "Other" slice groups the smallest sources beyond FUNDING_MAX_SLICES. */
      slices: z.array(FundingSliceSchema),
      /** Rows whose share is not a number (or is negative), with what they said. */
      ignored: z.array(z.object({ row: Id, source: z.string(), share: z.string() })),
    }),
  ),
});
export type FundingSlice = z.output<typeof FundingSliceSchema>;
export type FundingSplit = z.output<typeof FundingSplitSchema>;
