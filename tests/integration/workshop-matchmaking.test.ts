/**
 * Matchmaking rounds in a workshop, over real HTTP and a real websocket client: participants state wishes,
 * the facilitator plans 6 x 15 min, every screen reads the timetable, one person leaves and the rest is
 * re-planned without touching past rounds, calendar UIDs stay stable, and a bad CSV imports nothing.
 */
import { expect, it } from 'vitest';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import type { TestServer } from '../helpers/server.ts';
import { joinParticipants } from '../helpers/workshop.ts';
import { api } from '../helpers/api.ts';

const fixture = serverPerTest();
/** Tomorrow (UTC): rounds planned there are all still ahead, so "next meeting" has an answer whatever today is. */
const DAY = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
const client = fixture.client;
let server: TestServer;

/** The VEVENTs of an iCalendar feed, unfolded: UID and STATUS of each. */
function events(ics: string): { uid: string; status: string }[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const out: { uid: string; status: string }[] = [];
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') out.push({ uid: '', status: '' });
    else if (line.startsWith('UID:')) out.at(-1)!.uid = line.slice(4);
    else if (line.startsWith('STATUS:')) out.at(-1)!.status = line.slice(7);
  }
  return out;
}
const uids = (ics: string) => events(ics).map((e) => e.uid).sort();

it('plans fair rounds, shows them live, and re-plans when someone leaves', async () => {
  server = await fixture.start();
  const created = await api(server.httpUrl).ok('/api/workshops', { title: 'Matchmaking afternoon' });
  const wid = created.workshopId;
  const facilitator = api(server.httpUrl, created.facilitatorToken);
  const people = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben', 'Cleo', 'Dan', 'Eva', 'Finn', 'Gia']);
  const id = (i: number) => people[i]!.participantId;
  const wishes: [number, { to: number; level: 'must' | 'like' | 'no' }[]][] = [
    [0, [{ to: 1, level: 'must' }]],
    [1, [{ to: 0, level: 'like' }]],
    [2, [{ to: 3, level: 'like' }]],
    [3, [{ to: 2, level: 'like' }]],
    [4, [{ to: 5, level: 'like' }]],
    [6, [{ to: 0, level: 'no' }]],
  ];
  for (const [from, list] of wishes) {
    const res = await people[from]!.api.put(`/api/workshops/${wid}/me/matchmaking`, {
      card: { offers: ['test sites'], seeks: ['funding'] },
      wishes: list.map((w) => ({ to: id(w.to), level: w.level })),
    });
    expect(res.status).toBe(204);
  }
  expect((await people[0]!.api.put(`/api/workshops/${wid}/me/matchmaking`, { wishes: [{ to: id(0), level: 'like' }] })).status).toBe(400);
  expect((await people[0]!.api.post(`/api/workshops/${wid}/matchmaking/plan`, { start: `${DAY}T15:00:00Z` })).status).toBe(403);

  const planned = await facilitator.ok(`/api/workshops/${wid}/matchmaking/plan`, { start: `${DAY}T15:00:00Z`, rounds: 6, minutes: 15 });
  expect(planned).toMatchObject({ rounds: 6, quality: { repeats: 0, doubleBookings: 0, mutual: { met: 2, wanted: 2 } } });

  const screen = client(`control.${wid}`, people[2]!.token);
  await synced(screen);
  await waitFor(() => readWorkshopControl(screen.doc).timetable !== null, 'timetable on screen');
  const timetable = readWorkshopControl(screen.doc).timetable!;
  expect(timetable.slots.map((s) => s.start)).toEqual(['15:00', '15:15', '15:30', '15:45', '16:00', '16:15'].map((t) => `${DAY}T${t}:00.000Z`));
  const met = new Set<string>();
  for (const slot of timetable.slots) {
    const seated = timetable.meetings.filter((m) => m.slot === slot.index).flatMap((m) => m.people);
    const sitting = timetable.byes.filter((b) => b.slot === slot.index).map((b) => b.person);
    expect([...seated, ...sitting].sort()).toEqual(people.map((p) => p.participantId).sort());
    for (const m of timetable.meetings.filter((x) => x.slot === slot.index)) {
      const key = [...m.people].sort().join('+');
      expect(met.has(key), `repeat ${key}`).toBe(false);
      met.add(key);
    }
  }
  expect(timetable.meetings.some((m) => m.people.includes(id(0)) && m.people.includes(id(6)))).toBe(false);
  expect(timetable.meetings.find((m) => m.people.includes(id(0)) && m.people.includes(id(1)))?.reason).toMatch(/mutual/);

  const next = (await people[0]!.api.get(`/api/workshops/${wid}/matchmaking/next`)).body.next;
  expect(next.text).toMatch(/round \d/);
  const icsBefore = await (await fetch(`${server.httpUrl}/api/workshops/${wid}/matchmaking/me.ics?token=${people[4]!.token}`)).text();
  expect(icsBefore).toContain('BEGIN:VCALENDAR');
  const eva = timetable.meetings.filter((m) => m.people.includes(id(4)));
  expect(uids(icsBefore)).toHaveLength(eva.length);

  // Finn leaves after round 3: rounds 1-3 stay as they were, Finn is in nothing later.
  await facilitator.ok(`/api/workshops/${wid}/matchmaking/away`, { participant: id(5), fromSlot: 3 });
  const replanned = await facilitator.ok(`/api/workshops/${wid}/matchmaking/replan`, { fromSlot: 3 });
  expect(replanned.quality.repeats).toBe(0);
  await waitFor(() => readWorkshopControl(screen.doc).timetable!.meetings.every((m) => m.slot < 3 || !m.people.includes(id(5))), 'replan shows');
  const after = readWorkshopControl(screen.doc).timetable!;
  const early = (t: typeof after) => t.meetings.filter((m) => m.slot < 3).map((m) => `${m.id}@${m.slot}/${m.table}`).sort();
  expect(early(after)).toEqual(early(timetable));
  const finnLater = timetable.meetings.filter((m) => m.slot >= 3 && m.people.includes(id(5)));
  expect(finnLater.length).toBeGreaterThan(0);
  expect(replanned.changes.length).toBeGreaterThanOrEqual(finnLater.length);

  // Calendar UIDs are stable: meetings that stayed keep theirs; Finn's later ones come back as cancelled.
  const finnIcs = await (await fetch(`${server.httpUrl}/api/workshops/${wid}/matchmaking/me.ics?token=${people[5]!.token}`)).text();
  for (const m of finnLater) {
    expect(events(finnIcs).find((e) => e.uid.startsWith(`${m.id}.`))?.status, `cancelled ${m.id}`).toBe('CANCELLED');
  }
  const icsAfter = await (await fetch(`${server.httpUrl}/api/workshops/${wid}/matchmaking/me.ics?token=${people[4]!.token}`)).text();
  const kept = eva.filter((m) => after.meetings.some((x) => x.id === m.id));
  expect(kept.length).toBeGreaterThan(0);
  for (const m of kept) expect(uids(icsAfter).filter((u) => u.startsWith(`${m.id}.`))).toEqual(uids(icsBefore).filter((u) => u.startsWith(`${m.id}.`)));

  // "Start now": every round shifts so the first begins at the given instant; calendars get a new SEQUENCE.
  const sequenceOf = (ics: string) => [...ics.matchAll(/^SEQUENCE:(\d+)/gm)].map((m) => Number(m[1]));
  const beforeStart = sequenceOf(await (await fetch(`${server.httpUrl}/api/workshops/${wid}/matchmaking/me.ics?token=${people[4]!.token}`)).text());
  const started = await facilitator.ok(`/api/workshops/${wid}/matchmaking/start`, { at: `${DAY}T16:30:00Z` });
  expect(started.slots.map((s: any) => s.start.slice(11, 16))).toEqual(['16:30', '16:45', '17:00', '17:15', '17:30', '17:45']);
  await waitFor(() => readWorkshopControl(screen.doc).timetable!.slots[0]!.start.startsWith(`${DAY}T16:30`), 'screens move on');
  const afterStart = sequenceOf(await (await fetch(`${server.httpUrl}/api/workshops/${wid}/matchmaking/me.ics?token=${people[4]!.token}`)).text());
  expect(Math.min(...afterStart)).toBeGreaterThan(Math.min(...beforeStart));
  await facilitator.ok(`/api/workshops/${wid}/matchmaking/edit`, { action: 'undo' });

  // Undo brings the previous plan back; printouts and CSV for the organiser.
  await facilitator.ok(`/api/workshops/${wid}/matchmaking/edit`, { action: 'undo' });
  await waitFor(() => readWorkshopControl(screen.doc).timetable!.meetings.length === timetable.meetings.length, 'undo shows');
  const sheet = await facilitator.get(`/api/workshops/${wid}/matchmaking/rounds/0.md`);
  expect(sheet.status).toBe(200);
  const csv = await facilitator.get(`/api/workshops/${wid}/matchmaking/timetable.csv`);
  expect(String(csv.body).split('\r\n')[0]).toMatch(/round|slot/i);
});

it('imports wishes from CSV all or nothing, naming each bad row', async () => {
  server = await fixture.start();
  const created = await api(server.httpUrl).ok('/api/workshops', { title: 'Import' });
  const wid = created.workshopId;
  const facilitator = api(server.httpUrl, created.facilitatorToken);
  const [a, b] = await joinParticipants(server.httpUrl, created, ['Ana', 'Ben']);
  const bad = await facilitator.post(`/api/workshops/${wid}/matchmaking/import`, {
    csv: `from,to,level\n${a!.participantId},${b!.participantId},must\n${a!.participantId},nobody,like\n`,
  });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ error: 'invalid_csv', field: 'csv' });
  expect(bad.body.message).toMatch(/row 3/);
  const plan = await facilitator.ok(`/api/workshops/${wid}/matchmaking/plan`, { start: `${DAY}T15:00:00Z`, rounds: 1 });
  expect(plan.quality.mutual.wanted + plan.quality.oneSided.wanted).toBe(0);
  const good = await facilitator.ok(`/api/workshops/${wid}/matchmaking/import`, { csv: `from,to,level\n${a!.participantId},${b!.participantId},must\n` });
  expect(good).toEqual({ wishes: 1 });
});

it('event mode: requests are accepted or declined, placed into slots and tables, blocked slots hold', async () => {
  server = await fixture.start();
  const created = await api(server.httpUrl).ok('/api/workshops', { title: 'B2B matchmaking' });
  const wid = created.workshopId;
  const facilitator = api(server.httpUrl, created.facilitatorToken);
  const people = await joinParticipants(server.httpUrl, created, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  const id = (i: number) => people[i]!.participantId;
  // Everybody asks the next two people; B declines A; C blocks slot 0.
  for (let i = 0; i < 8; i++) {
    await people[i]!.api.ok(`/api/workshops/${wid}/matchmaking/requests`, { to: id((i + 1) % 8), must: i === 2 });
    await people[i]!.api.ok(`/api/workshops/${wid}/matchmaking/requests`, { to: id((i + 2) % 8) });
  }
  const inbox = (await people[1]!.api.get(`/api/workshops/${wid}/matchmaking/requests`)).body;
  expect(inbox.received.map((r: any) => r.from).sort()).toEqual([id(0), id(7)].sort());
  for (let i = 0; i < 8; i++) {
    for (const r of (await people[i]!.api.get(`/api/workshops/${wid}/matchmaking/requests`)).body.received) {
      await people[i]!.api.ok(`/api/workshops/${wid}/matchmaking/requests/respond`, { from: r.from, accept: !(i === 1 && r.from === id(0)) });
    }
  }
  expect((await people[2]!.api.put(`/api/workshops/${wid}/me/matchmaking`, { card: { blockedSlots: [0] } })).status).toBe(204);
  const planned = await facilitator.ok(`/api/workshops/${wid}/matchmaking/plan`, { start: '2026-11-24T09:00:00Z', rounds: 4, minutes: 20, mode: 'event', tables: 2 });
  expect(planned.quality).toMatchObject({ repeats: 0, doubleBookings: 0, blockedViolations: 0 });
  const csv = String((await facilitator.get(`/api/workshops/${wid}/matchmaking/timetable.csv`)).body);
  expect(csv.split('\r\n')[0]).toMatch(/slot|round/i);

  const screen = client(`control.${wid}`, created.observerToken);
  await synced(screen);
  await waitFor(() => readWorkshopControl(screen.doc).timetable !== null, 'timetable');
  const { meetings } = readWorkshopControl(screen.doc).timetable!;
  const pair = (a: number, b: number) => meetings.some((m) => m.people.includes(id(a)) && m.people.includes(id(b)));
  expect(pair(0, 1)).toBe(false); // declined
  for (let slot = 0; slot < 4; slot++) {
    const here = meetings.filter((m) => m.slot === slot);
    expect(here.length).toBeLessThanOrEqual(2);
    const seated = here.flatMap((m) => m.people);
    expect(new Set(seated).size).toBe(seated.length);
    expect(here.every((m) => m.table === 1 || m.table === 2)).toBe(true);
  }
  expect(meetings.some((m) => m.slot === 0 && m.people.includes(id(2)))).toBe(false);
  expect(pair(2, 3)).toBe(true); // C's must-meet request is placed
});
