/**
 * A sample training day a newcomer can open at once (issue 5, item 9), laid out like the in-person day
 * of the booster academy in workshop-formats.md: share & learn in two groups, the breakout "solutions to
 * the biggest challenges" with 8 challenges in 2 groups, the value proposition canvas, the action plan
 * with peer feedback, matchmaking, and feedback on the day. Matchmaking has no board (the timetable
 * comes from shared/matchmaking), so it is an agenda block without a session.
 * The participants are fictional: invented names, clusters and figures.
 */
import { SampleWorkshopSchema, type SampleWorkshop, type SampleWorkshopInput } from '../shared/workshop/sample.ts';

const SHARE_AND_LEARN = 'Share & learn: challenges in implementing your plan';
const BREAKOUT = 'Breakout: solutions to the biggest challenges';
const VALUE_PROPOSITION = 'Value proposition canvas for clusters';
const ACTION_PLAN = 'Action plan with peer feedback';
const MATCHMAKING = 'Matchmaking: one-to-one conversations';
const FEEDBACK = 'Feedback on the day';

/** The 8 challenges of the breakout (workshop-formats.md §2): group 1 has 1-4, group 2 has 5-8. */
export const SAMPLE_CHALLENGES = [
  'Delivering innovative services for member and industry demands',
  "Balancing industry members' interests with the broader cluster goals",
  "Identifying potential new members aligned with the cluster's goals",
  'Overcoming barriers to collaboration in a closed ecosystem',
  'Establishing efficient internal knowledge sharing and management processes',
  "Evaluating potential new members' qualifications and contributions",
  'Navigating rapidly changing industry landscapes and technological advancements',
  'Increasing member involvement and engagement',
] as const;

const TWO_GROUPS = [
  { name: 'Group 1', challenges: [] },
  { name: 'Group 2', challenges: [] },
];

/** The data as written; `sampleTrainingDay` is the same after validation (defaults filled in). */
export const sampleTrainingDaySource = {
  title: 'Cluster Booster Academy: in-person day 1 (sample)',
  date: '2026-03-12',
  agenda: [
    { start: '08:30', end: '09:00', title: 'Welcome and the plan for the day', interactive: false },
    { start: '09:00', end: '09:45', title: SHARE_AND_LEARN, interactive: true },
    { start: '09:45', end: '10:00', title: 'Coffee break', interactive: false },
    // define 5 + ideate 15 + (vote 3 + select 1 + detail 5) x 4 challenges + present 30 = 86 min
    { start: '10:00', end: '11:30', title: BREAKOUT, interactive: true },
    { start: '11:30', end: '12:30', title: VALUE_PROPOSITION, interactive: true },
    { start: '12:30', end: '13:30', title: 'Lunch', interactive: false },
    // refine 60 + pitch and peer feedback 45 + integrate 15 = 120 min
    { start: '13:30', end: '15:30', title: ACTION_PLAN, interactive: true },
    { start: '15:30', end: '15:45', title: 'Coffee break', interactive: false },
    // 6 rounds of 15 minutes
    { start: '15:45', end: '17:15', title: MATCHMAKING, interactive: true },
    { start: '17:15', end: '17:30', title: FEEDBACK, interactive: true },
  ],
  sessions: [
    {
      title: SHARE_AND_LEARN,
      template: 'challenge-board',
      groups: [
        { name: 'Group 1', challenges: ['Our main challenges in implementing the plan'] },
        { name: 'Group 2', challenges: ['Our main challenges in implementing the plan'] },
      ],
    },
    {
      title: BREAKOUT,
      template: 'challenge-board',
      groups: [
        { name: 'Group 1', challenges: SAMPLE_CHALLENGES.slice(0, 4) },
        { name: 'Group 2', challenges: SAMPLE_CHALLENGES.slice(4, 8) },
      ],
    },
    { title: VALUE_PROPOSITION, template: 'value-proposition-canvas', groups: TWO_GROUPS },
    { title: ACTION_PLAN, template: 'action-plan-individual', groups: TWO_GROUPS },
    { title: FEEDBACK, template: 'feedback', groups: [{ name: 'Everyone', challenges: [] }] },
  ],
  participants: [
    {
      id: 'sample-marta',
      name: 'Marta Kowalewska',
      role: 'Cluster manager',
      yearJoined: 2019,
      clusterName: 'Odra Valley Mobility Cluster',
      region: 'Lower Silesia',
      country: 'Poland',
      clusterEstablished: 2012,
      ecosystems: ['Automotive', 'Mobility'],
      members: 74,
      threeWords: ['connected', 'practical', 'ambitious'],
      challenges: [
        'How do we keep suppliers engaged while the industry moves to electric drivetrains?',
        'Which services justify a higher membership fee?',
        'How do we reach start-ups that do not see themselves as automotive?',
      ],
      expectation: 'Concrete ideas for new member services that I can test before the summer.',
    },
    {
      id: 'sample-jonas',
      name: 'Jonas Lindholm',
      role: 'Managing director',
      yearJoined: 2016,
      clusterName: 'Nordljus Health Technology Cluster',
      region: 'Västerbotten',
      country: 'Sweden',
      clusterEstablished: 2009,
      ecosystems: ['Health', 'ICT'],
      members: 58,
      threeWords: ['trusted', 'curious', 'cross-border'],
      challenges: [
        'How do we balance the interests of large hospitals and small med-tech firms?',
        'How do we measure the impact of our matchmaking?',
        'How do we finance the cluster when project funding ends?',
      ],
      expectation: 'Learning how other clusters measure their success and report it to their board.',
    },
    {
      id: 'sample-elena',
      name: 'Elena Marinović',
      role: 'Project manager, internationalisation',
      yearJoined: 2021,
      clusterName: 'Adriatic Blue Economy Cluster',
      region: 'Split-Dalmatia',
      country: 'Croatia',
      clusterEstablished: 2017,
      ecosystems: ['Maritime', 'Tourism', 'Energy'],
      members: 41,
      threeWords: ['coastal', 'sustainable', 'growing'],
      challenges: [
        'How do we open international markets to members with no export experience?',
        'How do we share knowledge between a small team and a growing membership?',
        'Which new members should we attract first?',
      ],
      expectation: 'A network of peers I can call when we start our first international project.',
    },
    {
      id: 'sample-tomas',
      name: 'Tomás Iriarte',
      role: 'Member services coordinator',
      yearJoined: 2018,
      clusterName: 'Ebro Agrifood Innovation Cluster',
      region: 'Aragón',
      country: 'Spain',
      clusterEstablished: 2008,
      ecosystems: ['Agrifood'],
      members: 112,
      threeWords: ['rooted', 'innovative', 'collaborative'],
      challenges: [
        'How do we get members who compete with each other to collaborate?',
        'How do we keep members active beyond the annual assembly?',
        'How do we help traditional firms adopt digital tools?',
      ],
      expectation: 'Practical formats for member engagement that work with a team of three.',
    },
    {
      id: 'sample-sofie',
      name: 'Sofie Verhaegen',
      role: 'Cluster manager',
      yearJoined: 2020,
      clusterName: 'Scheldt Circular Materials Cluster',
      region: 'Flanders',
      country: 'Belgium',
      clusterEstablished: 2015,
      ecosystems: ['Chemicals', 'Circular economy'],
      members: 63,
      threeWords: ['circular', 'industrial', 'open'],
      challenges: [
        'How do we evaluate whether a new member really contributes to the ecosystem?',
        'How do we keep up with changing regulation on recycled materials?',
        'How do we make our governance lighter without losing trust?',
      ],
      expectation: 'A clearer value proposition for our members and a plan for the next three years.',
    },
    {
      id: 'sample-luca',
      name: 'Luca Bernasconi',
      role: 'Innovation manager',
      yearJoined: 2017,
      clusterName: 'Po Plain Smart Manufacturing Cluster',
      region: 'Emilia-Romagna',
      country: 'Italy',
      clusterEstablished: 2014,
      ecosystems: ['Manufacturing', 'ICT'],
      members: 96,
      threeWords: ['precise', 'digital', 'family-run'],
      challenges: [
        'How do we deliver innovation services that SMEs can afford?',
        'How do we connect manufacturers with the ICT sector?',
        'How do we train the workforce for automation?',
      ],
      expectation: 'Ideas from other sectors that I can bring back to our members.',
    },
    {
      id: 'sample-katrin',
      name: 'Katrin Aasmäe',
      role: 'Head of cluster',
      yearJoined: 2022,
      clusterName: 'Baltic Digital Services Cluster',
      region: 'Harju County',
      country: 'Estonia',
      clusterEstablished: 2019,
      ecosystems: ['ICT', 'Fintech'],
      members: 37,
      threeWords: ['young', 'fast', 'digital'],
      challenges: [
        'How do we stay relevant when the technology changes every year?',
        'How do we attract members beyond the capital region?',
        'How do we become financially independent from public grants?',
      ],
      expectation: 'Tools for strategy work that a young cluster can use right away.',
    },
    {
      id: 'sample-dimitris',
      name: 'Dimitris Papanikolaou',
      role: 'Business development manager',
      yearJoined: 2015,
      clusterName: 'Aegean Tourism Technology Cluster',
      region: 'South Aegean',
      country: 'Greece',
      clusterEstablished: 2011,
      ecosystems: ['Tourism', 'ICT'],
      members: 49,
      threeWords: ['seasonal', 'creative', 'hospitable'],
      challenges: [
        'How do we involve members outside the tourist season?',
        'How do we improve our visibility with regional authorities?',
        'How do we collaborate with clusters in other sectors?',
      ],
      expectation: 'To leave with an action plan my board will approve.',
    },
    {
      id: 'sample-ioana',
      name: 'Ioana Drăgulescu',
      role: 'Cluster manager',
      yearJoined: 2018,
      clusterName: 'Carpathian Wood and Furniture Cluster',
      region: 'Brașov',
      country: 'Romania',
      clusterEstablished: 2013,
      ecosystems: ['Wood processing', 'Furniture', 'Construction'],
      members: 68,
      threeWords: ['traditional', 'green', 'export-minded'],
      challenges: [
        'How do we open a closed circle of long-standing members to newcomers?',
        'How do we attract young talent to the industry?',
        'How do we finance services after the current project ends?',
      ],
      expectation: 'Examples of how other clusters renewed their membership.',
    },
    {
      id: 'sample-pieter',
      name: 'Pieter van Doorn',
      role: 'Programme manager',
      yearJoined: 2023,
      clusterName: 'Delta Hydrogen Valley Cluster',
      region: 'Zeeland',
      country: 'Netherlands',
      clusterEstablished: 2020,
      ecosystems: ['Energy', 'Chemicals', 'Logistics'],
      members: 29,
      threeWords: ['pioneering', 'hands-on', 'connected'],
      challenges: [
        'How do we set up knowledge sharing between members who are also competitors?',
        'How do we prioritise which members to recruit next?',
        'How do we show results quickly enough to keep funders on board?',
      ],
      expectation: 'Meeting peers who have built a cluster from scratch.',
    },
  ],
} satisfies SampleWorkshopInput;

export const sampleTrainingDay: SampleWorkshop = SampleWorkshopSchema.parse(sampleTrainingDaySource);
