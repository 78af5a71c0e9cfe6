import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call, urlOf, workshopCall } from './api.ts';

type Sent = { url: string; method: string; headers: Record<string, string>; body: string | undefined };

/** Stands in for fetch: records what was sent, answers `status` with `answer`. */
function answering(status: number, answer: unknown, headers: Record<string, string> = {}): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    sent.push({ url, method: init.method, headers: init.headers, body: init.body });
    return new Response(status === 204 ? null : JSON.stringify(answer), { status, headers });
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('urlOf', () => {
  it.each([
    ['board', { boardId: 'a b' }, undefined, '/api/boards/a%20b'],
    ['boardExport', { boardId: 'b1', format: 'csv' }, { template: 'raci', token: undefined }, '/api/boards/b1/export.csv?template=raci'],
    ['roundSheet', { workshopId: 'w', slot: 2 }, {}, '/api/workshops/w/matchmaking/rounds/2.md'],
    ['joinInfo', { workshopId: 'w' }, { code: 'x&y' }, '/api/workshops/w/join?code=x%26y'],
    ['templates', undefined, undefined, '/api/templates'],
  ] as const)('%s', (name, params, query, url) => {
    expect(urlOf(name, params, query)).toBe(url);
  });
});

describe('call', () => {
  it("sends the route's method, the token and the JSON body", async () => {
    const sent = answering(200, { budget: 3, votes: [], used: {} });
    const answer = await call('vote', { params: { workshopId: 'w1' }, token: 't', body: { board: 'b', note: 'n' } });
    expect(answer).toEqual({ budget: 3, votes: [], used: {} });
    expect(sent).toEqual([
      { url: '/api/workshops/w1/votes', method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"board":"b","note":"n"}' },
    ]);
  });

  it('sends no body and no content type when the route takes none; a 204 answers undefined', async () => {
    const sent = answering(204, null);
    const answer = await workshopCall('w1', 't')('removeParticipant', { params: { participantId: 'p1' } });
    expect(answer).toBeUndefined();
    expect(sent[0]).toEqual({ url: '/api/workshops/w1/participants/p1', method: 'DELETE', headers: { authorization: 'Bearer t' }, body: undefined });
  });

  it("throws an ApiError with the server's message and Retry-After", async () => {
    answering(429, { error: 'rate_limited', message: 'too many attempts; wait a little' }, { 'retry-after': '7' });
    const error = await call('join', { params: { workshopId: 'w' }, body: { code: 'c', name: 'Ana' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, message: 'too many attempts; wait a little', retryAfter: 7 });
  });

  it('an error without a JSON body still names the status', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(call('time', {})).rejects.toMatchObject({ status: 502, message: 'HTTP 502', retryAfter: null });
  });
});

describe('one API client', () => {
  it('no other client module calls fetch: every request goes through call()', () => {
    const files = readdirSync(import.meta.dirname, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
    const fetching = files.filter((f) => f !== 'api.ts' && /\bfetch\(/.test(readFileSync(join(import.meta.dirname, f), 'utf8')));
    expect(fetching).toEqual([]);
  });
});
