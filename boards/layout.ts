/** Tiny helpers for laying out template zones on a grid; the templates themselves stay plain data. */
import type { ZoneInput } from '../shared/schema/zone.ts';

/** `count` equal columns of width `w` side by side from (x, y), with a gap. */
export function columns(
  items: readonly { id: string; title: string; key?: string }[],
  base: Omit<ZoneInput, 'id' | 'title' | 'x' | 'y' | 'w' | 'h'>,
  box: { x?: number; y?: number; w: number; h: number; gap?: number },
): ZoneInput[] {
  const gap = box.gap ?? 40;
  return items.map((item, index) => ({
    ...base,
    id: item.id,
    title: item.title,
    ...(item.key === undefined ? {} : { key: item.key }),
    order: (base.order ?? 0) + index,
    x: (box.x ?? 0) + index * (box.w + gap),
    y: box.y ?? 0,
    w: box.w,
    h: box.h,
  }));
}
