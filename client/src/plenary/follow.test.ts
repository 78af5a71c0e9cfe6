import { describe, expect, it } from 'vitest';
import { followCamera, presentedArea } from './follow.ts';

describe('followCamera', () => {
  it.each([
    ['same screen: same zoom', { cx: 100, cy: 50, w: 1200, h: 800 }, { width: 1200, height: 800 }, 1],
    ['half as wide: half the zoom', { cx: 100, cy: 50, w: 1200, h: 800 }, { width: 600, height: 800 }, 0.5],
    ['wider but lower: the height decides', { cx: 0, cy: 0, w: 1000, h: 1000 }, { width: 1600, height: 500 }, 0.5],
    ['presenter zoomed in 2x on the same screen', { cx: 0, cy: 0, w: 600, h: 400 }, { width: 1200, height: 800 }, 2],
    ['a zero-sized screen keeps zoom 1', { cx: 0, cy: 0, w: 600, h: 400 }, { width: 0, height: 0 }, 1],
  ])('%s', (_name, view, screen, scale) => {
    expect(followCamera(view, screen)).toEqual({ cx: view.cx, cy: view.cy, scale });
  });

  it('round trip: the follower sees at least the presented area', () => {
    const area = presentedArea({ width: 1280, height: 720 }, 1.6);
    const follow = followCamera({ cx: 0, cy: 0, ...area }, { width: 900, height: 900 });
    expect(900 / follow.scale).toBeGreaterThanOrEqual(area.w - 1e-9);
    expect(900 / follow.scale).toBeGreaterThanOrEqual(area.h - 1e-9);
  });
});
