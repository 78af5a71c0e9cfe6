/** Public surface of the matchmaking scheduler. Everything here is pure and deterministic for a given seed. */
export type { Bye, FixedMeeting, Meeting, Person, Plan, Slot, Unmet, Wish } from './model.ts';
export { makeSlots, meetingId, OddCountPolicy, pairKey, RequestStatus, WishLevel } from './model.ts';
export { createScorer, Weights } from './weights.ts';
export type { PairInfo, Scorer } from './weights.ts';
export { planWorkshop, replanWorkshop } from './workshop.ts';
export type { RoundTrace, WorkshopInput, WorkshopReplanOptions, WorkshopResult } from './workshop.ts';
export { EventWeights, matchingWithCapacity, planEvent, replanEvent, wantedMeetings } from './event.ts';
export type { EventInput, EventReplanOptions, EventResult, MeetingRequest, SlotTrace, WantedMeeting } from './event.ts';
export { commit, describeChanges, diffPlans, lockMeeting, startHistory, swapMeetings, undo, validate } from './ops.ts';
export type { Change, EditResult, History, Place } from './ops.ts';
export { qualityReport } from './quality.ts';
export type { QualityInput, QualityReport, Share } from './quality.ts';
export { meetingUid, personCalendar } from './ical.ts';
export { importPeopleCsv, importPreferencesCsv, importRequestsCsv, parseCsv, timetableCsv, toCsv } from './csv.ts';
export type { ImportResult, RowError } from './csv.ts';
export { nextUp, personAgenda, slotSheet } from './agenda.ts';
export type { NextUp, PrintFormat } from './agenda.ts';
export { maxWeightMatching } from './blossom.ts';
