/** The Konva shapes the derived views add to the board's set (canvas/konva.ts), and their shared style. */
import 'konva/lib/shapes/Wedge.js';

export { Wedge } from 'react-konva/lib/ReactKonvaCore.js';

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const INK = '#1d2330';
export const MUTED = '#4a5263';
export const CARD = { fill: '#ffffff', stroke: '#b8bdc9', radius: 10 } as const;
export const ADDED = '#17692f';
export const DROPPED = '#a8071a';
export const WARN = '#8a5300';
