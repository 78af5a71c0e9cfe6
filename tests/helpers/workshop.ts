/** Setting up a workshop over real HTTP, as a facilitator and participants would. */
import { api } from './api.ts';

/** The eight challenges of the seed's run (workshop-formats.md §2), in two groups of four. */
export const CHALLENGES = [
  'Delivering innovative services for member and industry demands',
  "Balancing industry members' interests with the broader cluster goals",
  "Identifying potential new members aligned with the cluster's goals",
  'Overcoming barriers to collaboration in a closed ecosystem',
  'Establishing efficient internal knowledge sharing and management processes',
  "Evaluating potential new members' qualifications and contributions",
  'Navigating rapidly changing industry landscapes and technological advancements',
  'Increasing member involvement and engagement',
] as const;

export type CreatedWorkshop = {
  workshopId: string;
  facilitatorToken: string;
  joinToken: string;
  observerToken: string;
  links: { facilitator: string; participant: string; observer: string };
};

export async function createTrainingDay(httpUrl: string, extra: Record<string, unknown> = {}) {
  const created = await api(httpUrl).ok<CreatedWorkshop>('/api/workshops', {
    title: 'Booster academy, day 3',
    date: '2026-11-23',
    agenda: [
      { start: '09:30', end: '10:15', title: 'Share and learn', interactive: true },
      { start: '11:15', end: '12:30', title: 'Solutions to the biggest challenges', interactive: true },
      { start: '12:30', end: '13:30', title: 'Lunch' },
    ],
    sessions: [
      {
        title: 'Solutions to the biggest challenges',
        template: 'challenge-board',
        rooms: [
          { name: 'Group 1', challenges: CHALLENGES.slice(0, 4) },
          { name: 'Group 2', challenges: CHALLENGES.slice(4, 8) },
        ],
      },
    ],
    ...extra,
  });
  const facilitator = api(httpUrl, created.facilitatorToken);
  const summary = (await facilitator.get('/api/workshops/' + created.workshopId)).body;
  return { created, facilitator, summary };
}

export async function joinParticipants(httpUrl: string, created: CreatedWorkshop, names: readonly string[]) {
  const joined = [];
  for (const name of names) {
    const res = await api(httpUrl).ok<{ participantId: string; token: string; name: string }>(
      `/api/workshops/${created.workshopId}/join`,
      { code: created.joinToken, name, cluster: `${name} cluster`, country: 'AT' },
    );
    joined.push({ ...res, api: api(httpUrl, res.token) });
  }
  return joined;
}
