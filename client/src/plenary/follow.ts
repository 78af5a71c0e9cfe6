/** Following the presenter's camera on a screen of another size. Pure. */

/** What the presenter shows: the board point at the centre and the board area around it. */
export type PresentedView = { cx: number; cy: number; w: number; h: number };

/** The same centre, zoomed so that the presenter's whole area fits this screen (letterboxed, never cropped). */
export function followCamera(view: PresentedView, screen: { width: number; height: number }): { cx: number; cy: number; scale: number } {
  const scale = Math.min(screen.width / view.w, screen.height / view.h);
  return { cx: view.cx, cy: view.cy, scale: Number.isFinite(scale) && scale > 0 ? scale : 1 };
}

/** The presented area of a stage of `width` x `height` pixels at `scale`. */
export function presentedArea(screen: { width: number; height: number }, scale: number): { w: number; h: number } {
  return { w: screen.width / scale, h: screen.height / scale };
}
