export * from './layout.ts';
export * from './board-doc.ts';
export * from './control-doc.ts';
export * from './read.ts';
export * from './init.ts';
