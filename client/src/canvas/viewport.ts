/**
 * The camera: which part of the board the stage shows. Pan and zoom change the Konva stage directly and
 * redraw it, without a React render; the few things that depend on the camera (the text editor overlay,
 * the zoom label, others' cursors, the "follow" broadcast) subscribe here.
 */
import type Konva from 'konva';

export type Camera = { x: number; y: number; scale: number };

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export class Viewport {
  camera: Camera = { x: 40, y: 40, scale: 1 };
  #stage: Konva.Stage | null = null;
  #listeners = new Set<(camera: Camera, byUser: boolean) => void>();

  attach(stage: Konva.Stage | null): void {
    this.#stage = stage;
    if (stage) this.set(this.camera, false);
  }

  get stage(): Konva.Stage | null {
    return this.#stage;
  }

  size(): { width: number; height: number } {
    return { width: this.#stage?.width() ?? 800, height: this.#stage?.height() ?? 600 };
  }

  subscribe(listener: (camera: Camera, byUser: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `byUser`: the person moved the camera themselves (which ends following someone). */
  set(camera: Camera, byUser = true): void {
    this.camera = { x: camera.x, y: camera.y, scale: clampScale(camera.scale) };
    this.#apply();
    for (const listener of this.#listeners) listener(this.camera, byUser);
  }

  /** Called after the stage was dragged by Konva itself. */
  syncFromStage(): void {
    if (!this.#stage) return;
    this.camera = { ...this.camera, x: this.#stage.x(), y: this.#stage.y() };
    for (const listener of this.#listeners) listener(this.camera, true);
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.camera, x: this.camera.x + dx, y: this.camera.y + dy });
  }

  /** Zooms by `factor` keeping the board point under screen point (px, py) in place. */
  zoomAt(factor: number, px: number, py: number): void {
    const { x, y, scale } = this.camera;
    const next = clampScale(scale * factor);
    const bx = (px - x) / scale;
    const by = (py - y) / scale;
    this.set({ scale: next, x: px - bx * next, y: py - by * next });
  }

  zoomCenter(factor: number): void {
    const { width, height } = this.size();
    this.zoomAt(factor, width / 2, height / 2);
  }

  toBoard(px: number, py: number): { x: number; y: number } {
    const { x, y, scale } = this.camera;
    return { x: (px - x) / scale, y: (py - y) / scale };
  }

  toScreen(bx: number, by: number): { x: number; y: number } {
    const { x, y, scale } = this.camera;
    return { x: bx * scale + x, y: by * scale + y };
  }

  /** The board point at the centre of the view. */
  center(): { x: number; y: number } {
    const { width, height } = this.size();
    return this.toBoard(width / 2, height / 2);
  }

  /** Shows board point (cx, cy) at the centre, at `scale`. */
  centerOn(cx: number, cy: number, scale = this.camera.scale, byUser = true): void {
    const { width, height } = this.size();
    const s = clampScale(scale);
    this.set({ scale: s, x: width / 2 - cx * s, y: height / 2 - cy * s }, byUser);
  }

  /** Fits a board rectangle into the view with a margin. */
  fit(box: { x: number; y: number; w: number; h: number } | null): void {
    if (!box || box.w <= 0 || box.h <= 0) {
      this.set({ x: 40, y: 40, scale: 1 });
      return;
    }
    const { width, height } = this.size();
    const scale = clampScale(Math.min(1, (width - 80) / box.w, (height - 80) / box.h));
    this.centerOn(box.x + box.w / 2, box.y + box.h / 2, scale);
  }

  #apply(): void {
    const stage = this.#stage;
    if (!stage) return;
    stage.position({ x: this.camera.x, y: this.camera.y });
    stage.scale({ x: this.camera.scale, y: this.camera.scale });
    stage.batchDraw();
  }
}
