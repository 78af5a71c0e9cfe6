/**
 * Matchmaking rounds inside a workshop ("15 minutes per conversation, 6 rounds"): participants fill in
 * their card and wishes (or the facilitator imports them as CSV), the facilitator plans, re-plans when
 * people leave or arrive, locks, swaps and undoes; every screen reads the timetable from the control
 * document, and each participant gets their next meeting, an agenda and an iCalendar feed. The planning
 * itself is shared/matchmaking's, pure; this module gathers its input and stores and publishes its output.
 */
import { setTimetable } from '../../shared/doc/workshop-control.ts';
import {
  describeChanges,
  diffPlans,
  importPreferencesCsv,
  importRequestsCsv,
  wantedMeetings,
  type MeetingRequest,
  lockMeeting,
  makeSlots,
  nextUp,
  personAgenda,
  personCalendar,
  qualityReport,
  slotSheet,
  swapMeetings,
  timetableCsv,
  type Person,
  type Plan,
  type QualityReport,
  type Wish,
} from '../../shared/matchmaking/index.ts';
import type { MatchCard, Workshop } from '../../shared/schema/workshop.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError } from '../http-errors.ts';
import { PlanCancelled, runPlan, type PlanJob, type PlanProgress } from './plan-worker.ts';
import { requireFacilitator, type WorkshopStore } from './store.ts';

/**
 * Time budget of one plan or re-plan. The 500-people, 60-table event plans in about half a second of CPU; the
 * budget only bounds pathological inputs on a loaded machine, and the search then keeps its best plan so far.
 */
export const PLAN_BUDGET_MS = 10_000;

/** A plan in progress, one per workshop at a time. */
type Running = { readonly controller: AbortController; readonly startedAt: number; progress: PlanProgress | null; readonly kind: 'plan' | 'replan' };

export type PlanRequest = {
  start: string;
  rounds: number;
  minutes: number;
  breakMinutes: number;
  odd: 'bye' | 'triad';
  seed?: number;
  mode: 'workshop' | 'event';
  tables?: number;
  autoAccept: boolean;
};

export class Matchmaking {
  #store: WorkshopStore;
  #running = new Map<string, Running>();
  #budgetMs: number;

  constructor(store: WorkshopStore, options: { budgetMs?: number } = {}) {
    this.#store = store;
    this.#budgetMs = options.budgetMs ?? PLAN_BUDGET_MS;
  }

  /** Whether a plan is being computed for the caller's workshop, and how far it is. */
  progress(principal: Principal) {
    requireFacilitator(principal);
    const running = this.#running.get(principal.workshopId);
    if (!running) return { running: false as const };
    return { running: true as const, kind: running.kind, elapsedMs: Math.round(performance.now() - running.startedAt), progress: running.progress };
  }

  /** Stops the plan being computed; the plan from before stays. */
  cancel(principal: Principal) {
    requireFacilitator(principal);
    const running = this.#running.get(principal.workshopId);
    if (!running) return { cancelled: false };
    running.controller.abort();
    return { cancelled: true };
  }

  /** Runs a job in a worker thread, one per workshop at a time, with progress for `progress()`. */
  async #compute(workshopId: string, kind: Running['kind'], job: PlanJob) {
    if (this.#running.has(workshopId)) throw new HttpError(409, 'conflict', 'a plan is already being computed for this workshop; wait for it or cancel it');
    const running: Running = { controller: new AbortController(), startedAt: performance.now(), progress: null, kind };
    this.#running.set(workshopId, running);
    try {
      return await runPlan(job, { budgetMs: this.#budgetMs, signal: running.controller.signal, onProgress: (p) => (running.progress = p) });
    } catch (err) {
      if (err instanceof PlanCancelled) throw new HttpError(409, 'cancelled', 'the plan was cancelled; the timetable from before stays');
      throw err;
    } finally {
      this.#running.delete(workshopId);
    }
  }

  /** A participant's own card and wishes; replaces what they said before. */
  async setMyCard(principal: Principal, input: { card: Partial<MatchCard>; wishes: { to: string; level: 'must' | 'like' | 'no'; rank?: number }[] }) {
    const me = requireParticipant(principal);
    await this.#store.mutate(principal.workshopId, (w) => {
      const known = new Set(w.participants.map((p) => p.id));
      const bad = input.wishes.find((x) => !known.has(x.to) || x.to === me);
      if (bad) throw new HttpError(400, 'invalid_request', `wishes: ${bad.to === me ? 'you cannot wish to meet yourself' : `unknown participant ${bad.to}`}`, 'wishes');
      const mm = w.matchmaking;
      mm.wishes = [...mm.wishes.filter((x) => x.from !== me), ...input.wishes.map((x) => ({ ...x, from: me }))];
      const current = mm.cards[me] ?? emptyCard();
      mm.cards[me] = { ...current, ...input.card, awaySlots: current.awaySlots };
    });
  }

  /** Event mode: ask someone for a meeting (again: replaces the earlier request, pending anew). */
  async request(principal: Principal, input: { to: string; must: boolean }) {
    const me = requireParticipant(principal);
    await this.#store.mutate(principal.workshopId, (w) => {
      if (input.to === me || !w.participants.some((p) => p.id === input.to)) throw new HttpError(400, 'invalid_request', 'to: not somebody you can ask', 'to');
      const mm = w.matchmaking;
      mm.requests = [...mm.requests.filter((r) => !(r.from === me && r.to === input.to)), { from: me, to: input.to, status: 'pending', must: input.must }];
    });
    return this.myRequests(principal);
  }

  async respond(principal: Principal, input: { from: string; accept: boolean }) {
    const me = requireParticipant(principal);
    await this.#store.mutate(principal.workshopId, (w) => {
      const request = w.matchmaking.requests.find((r) => r.from === input.from && r.to === me);
      if (!request) throw new HttpError(404, 'not_found', 'no request from that person', 'from');
      request.status = input.accept ? 'accepted' : 'declined';
    });
    return this.myRequests(principal);
  }

  async myRequests(principal: Principal) {
    const me = requireParticipant(principal);
    const w = await this.#workshop(principal);
    return {
      sent: w.matchmaking.requests.filter((r) => r.from === me),
      received: w.matchmaking.requests.filter((r) => r.to === me),
    };
  }

  async importRequests(principal: Principal, csv: string) {
    requireFacilitator(principal);
    return this.#store.mutate(principal.workshopId, (w) => {
      const result = importRequestsCsv(csv, people(w));
      if (!result.ok) {
        throw new HttpError(400, 'invalid_csv', result.errors.map((e) => `row ${e.row}: ${e.messages.join('; ')}`).join(' | '), 'csv');
      }
      w.matchmaking.requests = result.value.map((r) => ({ from: r.from, to: r.to, status: r.status, must: r.must ?? false }));
      return { requests: result.value.length };
    });
  }

  /** Wishes for everybody from a CSV (from, to, level and/or rank): all rows or none, with each bad row's reasons. */
  async importWishes(principal: Principal, csv: string) {
    requireFacilitator(principal);
    return this.#store.mutate(principal.workshopId, (w) => {
      const result = importPreferencesCsv(csv, people(w));
      if (!result.ok) {
        throw new HttpError(400, 'invalid_csv', result.errors.map((e) => `row ${e.row}: ${e.messages.join('; ')}`).join(' | '), 'csv');
      }
      w.matchmaking.wishes = result.value.map((x) => ({ from: x.from, to: x.to, level: x.level, ...(x.rank !== undefined ? { rank: x.rank } : {}) }));
      return { wishes: result.value.length };
    });
  }

  /**
   * Plans in a worker thread from the workshop as it is now; people, wishes and requests that change meanwhile
   * count from the next plan or re-plan. Settings (event tables, seed) are stored only with the plan.
   */
  async plan(principal: Principal, request: PlanRequest) {
    requireFacilitator(principal);
    let slots;
    try {
      slots = makeSlots(request.start, request.rounds, request.minutes, request.breakMinutes);
    } catch (err) {
      throw new HttpError(400, 'invalid_request', `start: ${(err as Error).message}`, 'start');
    }
    const w = await this.#workshop(principal);
    const seed = request.seed ?? w.matchmaking.seed;
    const eventId = `${w.id}-matchmaking`;
    const tables = request.tables ?? Math.ceil(people(w).length / 2);
    const job: PlanJob =
      request.mode === 'event'
        ? { kind: 'event', input: { eventId, seed, people: people(w), slots, tableCount: tables, requests: requests(w), autoAccept: request.autoAccept } }
        : { kind: 'workshop', input: { eventId, seed, people: people(w), wishes: wishes(w), slots, odd: request.odd } };
    const { plan, quality } = await this.#compute(principal.workshopId, 'plan', job);
    const outcome = await this.#store.mutate(principal.workshopId, (w) => {
      w.matchmaking.event = request.mode === 'event' ? { tables, autoAccept: request.autoAccept } : null;
      if (w.matchmaking.plan) w.matchmaking.past = [...w.matchmaking.past, w.matchmaking.plan].slice(-20);
      w.matchmaking.plan = plan;
      w.matchmaking.seed = seed;
      return { plan, w };
    });
    await this.#publish(principal.workshopId, outcome.plan);
    return { ...this.#summary(outcome.w, outcome.plan, null, quality), changes: [] as string[] };
  }

  /**
   * "Start the rounds now": shifts every round so the first starts at `at` (default: now, on the server's
   * clock). Screens count down from the timetable's times, so everybody moves on together. Calendar
   * entries change time, so every meeting's SEQUENCE goes up.
   */
  async start(principal: Principal, input: { at?: string }) {
    requireFacilitator(principal);
    const outcome = await this.#store.mutate(principal.workshopId, (w) => {
      const prev = mustHavePlan(w);
      const first = prev.slots[0];
      if (!first) throw new HttpError(409, 'conflict', 'the plan has no rounds');
      const at = input.at ? Date.parse(input.at) : this.#store.now();
      const shift = at - Date.parse(first.start);
      const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
      const plan: Plan = {
        ...prev,
        slots: prev.slots.map((slot) => ({ ...slot, start: move(slot.start), end: move(slot.end) })),
        meetings: prev.meetings.map((m) => ({ ...m, sequence: m.sequence + 1 })),
      };
      w.matchmaking.past = [...w.matchmaking.past, prev].slice(-20);
      w.matchmaking.plan = plan;
      return { plan };
    });
    await this.#publish(principal.workshopId, outcome.plan);
    return { slots: outcome.plan.slots };
  }

  /** Someone leaves from a round on (or comes back: `away: false`), then later rounds are re-planned. */
  async setAway(principal: Principal, input: { participant: string; fromSlot: number; away: boolean }) {
    requireFacilitator(principal);
    await this.#store.mutate(principal.workshopId, (w) => {
      if (!w.participants.some((p) => p.id === input.participant)) throw new HttpError(404, 'not_found', 'no such participant', 'participant');
      const card = w.matchmaking.cards[input.participant] ?? emptyCard();
      const rounds = currentPlan(w)?.slots.length ?? 0;
      const from = Array.from({ length: Math.max(0, rounds - input.fromSlot) }, (_, i) => input.fromSlot + i);
      card.awaySlots = input.away ? [...new Set([...card.awaySlots, ...from])].sort((a, b) => a - b) : card.awaySlots.filter((s) => s < input.fromSlot);
      w.matchmaking.cards[input.participant] = card;
    });
  }

  /** Re-plan from round `fromSlot` on: earlier rounds stay as they are; `fillOnly` just seats whoever is left over. */
  async replan(principal: Principal, input: { fromSlot: number; fillOnly: boolean }) {
    requireFacilitator(principal);
    const w = await this.#workshop(principal);
    const prev = mustHavePlan(w);
    const event = w.matchmaking.event;
    const job: PlanJob =
      prev.mode === 'event' && event
        ? { kind: 'event', prev, options: input, input: { eventId: prev.eventId, seed: prev.seed, people: people(w), slots: prev.slots, tableCount: event.tables, requests: requests(w), autoAccept: event.autoAccept } }
        : { kind: 'workshop', prev, options: input, input: { eventId: prev.eventId, seed: prev.seed, people: people(w), wishes: wishes(w), slots: prev.slots } };
    const { plan, quality } = await this.#compute(principal.workshopId, 'replan', job);
    const outcome = await this.#store.mutate(principal.workshopId, (w) => {
      // An edit that landed while the re-plan ran would be silently undone: refuse, the facilitator re-plans again.
      if (currentPlan(w) !== null && JSON.stringify(currentPlan(w)) !== JSON.stringify(prev)) throw new HttpError(409, 'conflict', 'the timetable changed while re-planning; re-plan again');
      w.matchmaking.past = [...w.matchmaking.past, prev].slice(-20);
      w.matchmaking.plan = plan;
      return { plan, prev, w };
    });
    await this.#publish(principal.workshopId, outcome.plan);
    const names = new Map(outcome.w.participants.map((p) => [p.id, p.name]));
    return { ...this.#summary(outcome.w, outcome.plan, null, quality), changes: describeChanges(diffPlans(outcome.prev, outcome.plan), names) };
  }

  async edit(principal: Principal, input: { action: 'lock' | 'unlock' | 'swap' | 'undo'; meeting?: string; other?: string }) {
    requireFacilitator(principal);
    const outcome = await this.#store.mutate(principal.workshopId, (w) => {
      const prev = mustHavePlan(w);
      if (input.action === 'undo') {
        const last = w.matchmaking.past.at(-1) as Plan | undefined;
        if (!last) throw new HttpError(409, 'conflict', 'nothing to undo');
        w.matchmaking.past = w.matchmaking.past.slice(0, -1);
        w.matchmaking.plan = last;
        return { plan: last, prev, w };
      }
      const result =
        input.action === 'swap'
          ? swapMeetings(prev, input.meeting ?? '', input.other ?? '', people(w))
          : lockMeeting(prev, input.meeting ?? '', input.action === 'lock');
      if (!result.ok) throw new HttpError(409, 'conflict', result.error, 'meeting');
      const plan = result.plan;
      w.matchmaking.past = [...w.matchmaking.past, prev].slice(-20);
      w.matchmaking.plan = plan;
      return { plan, prev, w };
    });
    await this.#publish(principal.workshopId, outcome.plan);
    const names = new Map(outcome.w.participants.map((p) => [p.id, p.name]));
    return { changes: describeChanges(diffPlans(outcome.prev, outcome.plan), names) };
  }

  async quality(principal: Principal) {
    requireFacilitator(principal);
    const w = await this.#workshop(principal);
    return this.#summary(w, mustHavePlan(w), null);
  }

  /** "next: round 3, 15:45-16:00, table 7, with Ana (Cluster 3, DE) - mutual wish" for the caller. */
  async next(principal: Principal) {
    const me = requireParticipant(principal);
    const w = await this.#workshop(principal);
    return { next: nextUp(mustHavePlan(w), me, people(w), new Date(this.#store.now()).toISOString()) };
  }

  async calendar(principal: Principal): Promise<string> {
    const me = requireParticipant(principal);
    const w = await this.#workshop(principal);
    return personCalendar(mustHavePlan(w), me, people(w), { generatedAt: new Date(this.#store.now()).toISOString(), calendarName: `${w.title}: matchmaking` });
  }

  async agenda(principal: Principal, participantId?: string): Promise<string> {
    const w = await this.#workshop(principal);
    const who = participantId ?? requireParticipant(principal);
    if (who !== principal.participantId) requireFacilitator(principal);
    return personAgenda(mustHavePlan(w), who, people(w), 'markdown');
  }

  async slotSheet(principal: Principal, slot: number): Promise<string> {
    requireFacilitator(principal);
    const w = await this.#workshop(principal);
    const plan = mustHavePlan(w);
    if (!plan.slots.some((s) => s.index === slot)) throw new HttpError(404, 'not_found', 'no such round', 'slot');
    return slotSheet(plan, slot, people(w), 'markdown');
  }

  async csv(principal: Principal): Promise<string> {
    requireFacilitator(principal);
    const w = await this.#workshop(principal);
    return timetableCsv(mustHavePlan(w), people(w));
  }

  async #workshop(principal: Principal): Promise<Workshop> {
    return (await this.#store.mustLoad(principal.workshopId)).workshop;
  }

  #summary(w: Workshop, plan: Plan, computeMs: number | null, computed?: QualityReport) {
    const event = w.matchmaking.event;
    const report =
      computed ??
      (plan.mode === 'event' && event
        ? qualityReport({ plan, people: people(w), wanted: wantedMeetings({ people: people(w), requests: requests(w), autoAccept: event.autoAccept }), computeMs })
        : qualityReport({ plan, people: people(w), wishes: wishes(w), computeMs }));
    return { rounds: plan.slots.length, meetings: plan.meetings.length, byes: plan.byes.length, notes: plan.notes, quality: report };
  }

  #publish(workshopId: string, plan: Plan): Promise<void> {
    return this.#store.control(workshopId, (doc) =>
      setTimetable(doc, {
        slots: plan.slots.map((s) => ({ index: s.index, start: s.start, end: s.end })),
        meetings: plan.meetings.map((m) => ({ id: m.id, slot: m.slot, people: [...m.people], table: m.table, reason: m.reason, locked: m.locked })),
        byes: plan.byes.map((b) => ({ slot: b.slot, person: b.person, reason: b.reason })),
      }),
    );
  }
}

function requireParticipant(principal: Principal): string {
  if (principal.role !== 'participant' || !principal.participantId) throw new HttpError(403, 'forbidden', 'only participants have a timetable');
  return principal.participantId;
}

function currentPlan(w: Workshop): Plan | null {
  return (w.matchmaking.plan as Plan | null) ?? null;
}

function mustHavePlan(w: Workshop): Plan {
  const plan = currentPlan(w);
  if (!plan) throw new HttpError(409, 'conflict', 'no matchmaking plan yet');
  return plan;
}

/** Everybody who joined (or was pre-registered), with what their card says. */
function people(w: Workshop): Person[] {
  return w.participants
    .filter((p) => p.claimed || p.preRegistered)
    .map((p) => {
      const card = w.matchmaking.cards[p.id];
      return {
        id: p.id,
        name: p.name,
        ...(p.cluster ? { cluster: p.cluster } : {}),
        ...(p.country ? { country: p.country } : {}),
        ...(card?.sector ? { sector: card.sector } : {}),
        offers: card?.offers ?? [],
        seeks: card?.seeks ?? [],
        topics: card?.topics ?? p.profile?.ecosystems ?? [],
        blockedSlots: [...new Set([...(card?.awaySlots ?? []), ...(card?.blockedSlots ?? [])])].sort((a, b) => a - b),
      };
    });
}

function emptyCard(): MatchCard {
  return { offers: [], seeks: [], topics: [], sector: '', awaySlots: [], blockedSlots: [] };
}

function requests(w: Workshop): MeetingRequest[] {
  return w.matchmaking.requests.map((r) => ({ from: r.from, to: r.to, status: r.status, must: r.must }));
}

function wishes(w: Workshop): Wish[] {
  return w.matchmaking.wishes.map((x) => ({ from: x.from, to: x.to, level: x.level, ...(x.rank !== undefined ? { rank: x.rank } : {}) }));
}
