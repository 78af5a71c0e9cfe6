/**
 * Joining from one venue: a whole room behind one address joins within a minute, a script hammering the
 * join route is stopped, and a person who retries appears once.
 */
import { describe, expect, it } from 'vitest';
import { readWorkshopControl } from '../../shared/doc/workshop-control.ts';
import { JOIN_LIMIT_DEFAULTS } from '../../server/join-limits.ts';
import { api } from '../helpers/api.ts';
import { synced, waitFor } from '../helpers/clients.ts';
import { serverPerTest } from '../helpers/fixture.ts';
import { createTrainingDay } from '../helpers/workshop.ts';

const fixture = serverPerTest();

const key = (i: number) => `browser-key-${String(i).padStart(8, '0')}`;

async function joinAsBrowser(httpUrl: string, workshopId: string, code: string, body: Record<string, unknown>) {
  const info = await fetch(`${httpUrl}/api/workshops/${workshopId}/join?code=${encodeURIComponent(code)}`);
  const joined = await api(httpUrl).post(`/api/workshops/${workshopId}/join`, { code, ...body });
  return { infoStatus: info.status, status: joined.status, body: joined.body as { participantId: string; name: string; token: string } };
}

describe('joining from one venue', () => {
  it('lets 40 people behind one address join within a minute, each once, with the default limits', async () => {
    const server = await fixture.start();
    const { created } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const started = Date.now();
    // All at once, as a room does when the link goes up on the projector (every request from 127.0.0.1).
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => joinAsBrowser(server.httpUrl, wid, created.joinToken, { name: `Person ${i + 1}`, joinKey: key(i) })),
    );
    const elapsed = Date.now() - started;
    expect(results.map((r) => [r.infoStatus, r.status])).toEqual(Array.from({ length: 40 }, () => [200, 201]));
    expect(elapsed).toBeLessThan(60_000);
    const control = fixture.client(`control.${wid}`, created.facilitatorToken);
    await synced(control);
    await waitFor(() => readWorkshopControl(control.doc).roster.length === 40, '40 people in the roster');
    expect(new Set(readWorkshopControl(control.doc).roster.map((p) => p.name)).size).toBe(40);
  });

  it('stops a script creating people through a valid link, and one guessing links, without 500s', async () => {
    const server = await fixture.start({ joinLimits: { perLink: 20, perAddress: 60 } });
    const { created, facilitator } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await api(server.httpUrl).post(`/api/workshops/${wid}/join`, { code: created.joinToken, name: `Bot ${i}`, joinKey: key(1000 + i) });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
    expect(summary.participants).toHaveLength(20);

    // Guessing codes: refused 30 times (the default), then every join request from that address waits.
    const guesses: number[] = [];
    for (let i = 0; i < JOIN_LIMIT_DEFAULTS.failuresPerAddress + 2; i++) {
      guesses.push((await api(server.httpUrl).post(`/api/workshops/${wid}/join`, { code: `guess${i}`, name: 'Eve' })).status);
    }
    expect(guesses.slice(0, JOIN_LIMIT_DEFAULTS.failuresPerAddress).every((s) => s === 401)).toBe(true);
    const refused = await fetch(`${server.httpUrl}/api/workshops/${wid}/join?code=${created.joinToken}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(guesses.at(-1)).toBe(429);
  });

  it('caps all join requests per address (a script hammering the join page)', async () => {
    const server = await fixture.start({ joinLimits: { perAddress: 50 } });
    const { created } = await createTrainingDay(server.httpUrl);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () => fetch(`${server.httpUrl}/api/workshops/${created.workshopId}/join?code=${created.joinToken}`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});

describe('retried joins', () => {
  it('gives the same participant, under the name first given, however often a browser retries', async () => {
    const server = await fixture.start({ joinLimits: { perIdentity: 4 } });
    const { created, facilitator } = await createTrainingDay(server.httpUrl);
    const wid = created.workshopId;
    const control = fixture.client(`control.${wid}`, created.facilitatorToken);
    await synced(control);
    const answers = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await api(server.httpUrl).post(`/api/workshops/${wid}/join`, { code: created.joinToken, name: 'Laura Müller', joinKey: key(7) }));
    }
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 429, 429]);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.participantId));
    expect(ids.size).toBe(1);
    // Every token handed out works, for the same person.
    for (const a of answers.filter((x) => x.status === 201)) {
      expect((await api(server.httpUrl, a.body.token).get(`/api/workshops/${wid}`)).body.me).toEqual({ id: [...ids][0], name: 'Laura Müller' });
    }
    const summary = (await facilitator.get(`/api/workshops/${wid}`)).body;
    expect(summary.participants.map((p: { name: string }) => p.name)).toEqual(['Laura Müller']);
    await waitFor(() => readWorkshopControl(control.doc).roster.length === 1, 'roster entry');
    expect(readWorkshopControl(control.doc).roster.map((p) => p.name)).toEqual(['Laura Müller']);
  });

  it('claims a pre-registered profile once; the same browser claiming again gets it back, another gets 409', async () => {
    const server = await fixture.start();
    const { created, facilitator } = await createTrainingDay(server.httpUrl, { participants: [{ name: 'Laura Müller' }] });
    const wid = created.workshopId;
    const laura = (await facilitator.get(`/api/workshops/${wid}`)).body.participants[0];
    const first = await api(server.httpUrl).post(`/api/workshops/${wid}/join`, { code: created.joinToken, participantId: laura.id, joinKey: key(8) });
    const again = await api(server.httpUrl).post(`/api/workshops/${wid}/join`, { code: created.joinToken, participantId: laura.id, joinKey: key(8) });
    const other = await api(server.httpUrl).post(`/api/workshops/${wid}/join`, { code: created.joinToken, participantId: laura.id, joinKey: key(9) });
    expect([first.status, again.status, other.status]).toEqual([201, 201, 409]);
    expect(again.body.participantId).toBe(laura.id);
    expect((await facilitator.get(`/api/workshops/${wid}`)).body.participants).toHaveLength(1);
  });

  it('refuses a malformed join key with 400 naming the field', async () => {
    const server = await fixture.start();
    const { created } = await createTrainingDay(server.httpUrl);
    const res = await api(server.httpUrl).post(`/api/workshops/${created.workshopId}/join`, { code: created.joinToken, name: 'A', joinKey: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('joinKey');
  });
});
