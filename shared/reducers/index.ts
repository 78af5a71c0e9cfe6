export * from './votes.ts';
export * from './challenges.ts';
export * from './action-plan.ts';
export * from './matrix.ts';
export * from './raci.ts';
export * from './canvas.ts';
export * from './themes.ts';
export * from './hunt.ts';
export { joinList, normalise, zoneItems } from './content.ts';
