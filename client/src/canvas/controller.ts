/**
 * What a person can do to the board, in one place, whoever asks (the canvas, the toolbar, the keyboard,
 * the notes list): create, edit, move, resize, recolour, delete notes, and which ones are selected or being
 * edited. Every write goes through shared/doc's named accessors. Viewers get a controller whose writes are
 * no-ops (the server would ignore them anyway).
 */
import type Konva from 'konva';
import type * as Y from 'yjs';
import { addNote, deleteNote, moveNote, readBoardZones, resizeNote, setNoteColor, zonesMap } from '../../../shared/doc/index.ts';
import { NOTE_DEFAULTS, type Note } from '../../../shared/schema/note.ts';
import type { Zone } from '../../../shared/schema/zone.ts';
import { canGrow, collectsNotes, contentTop, firstFreeSpot, grownZones, PLACEMENT, tidyZone } from '../../../shared/reducers/placement.ts';
import type { NoteStore } from '../sync/noteStore.ts';
import { Viewport } from './viewport.ts';
import { Signal } from './signal.ts';

export type Box = { x: number; y: number; w: number; h: number };

const MIN_NOTE = 60;
/** Below this zoom a note's 16 px text is under 6 px on screen: notes are drawn as coloured cards. */
const DETAIL_SCALE = 0.35;
const SETTLE_MS = 120;
const SNAP_PADDING = PLACEMENT.padding;


/** The innermost zone that contains a point (the smallest by area), or null. */
export function zoneAt(zones: readonly Zone[], x: number, y: number): Zone | null {
  let best: Zone | null = null;
  for (const zone of zones) {
    if (x < zone.x || y < zone.y || x > zone.x + zone.w || y > zone.y + zone.h) continue;
    if (!best || zone.w * zone.h < best.w * best.h) best = zone;
  }
  return best;
}

/**
 * Where a note dropped at (x, y) ends up: inside the zone under its centre (pulled in if it overhangs).
 * `zones` are the zones as drawn (grown, see shared/reducers/placement.ts). A zone that can grow is not
 * a wall at its bottom: a note dropped across it, or just below it (its centre within a note's height
 * under the edge), joins it, and the zone grows to hold it.
 */
export function placeNote(zones: readonly Zone[], note: { w: number; h: number }, x: number, y: number): { x: number; y: number; zone: string | null } {
  const cx = x + note.w / 2;
  const cy = y + note.h / 2;
  const zone =
    zoneAt(zones, cx, cy) ??
    zones.find((z) => cx >= z.x && cx <= z.x + z.w && cy > z.y + z.h && cy <= z.y + z.h + note.h && canGrow(z, zones)) ??
    null;
  if (!zone) return { x: Math.round(x), y: Math.round(y), zone: null };
  const grows = canGrow(zone, zones);
  const maxX = zone.x + zone.w - note.w - SNAP_PADDING;
  const maxY = grows ? Infinity : zone.y + zone.h - note.h - SNAP_PADDING;
  const minX = zone.x + SNAP_PADDING;
  const minY = grows ? contentTop(zone) : Math.min(contentTop(zone), Math.max(zone.y + SNAP_PADDING, zone.y + zone.h - note.h - SNAP_PADDING));
  return {
    x: Math.round(maxX < minX ? minX : Math.min(maxX, Math.max(minX, x))),
    y: Math.round(maxY < minY ? minY : Math.min(maxY, Math.max(minY, y))),
    zone: zone.id,
  };
}

function geometryOf(note: Note): string {
  return `${note.y} ${note.h} ${note.zone}`;
}

export function boundsOf(boxes: Iterable<Box>): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const box of boxes) {
    x0 = Math.min(x0, box.x);
    y0 = Math.min(y0, box.y);
    x1 = Math.max(x1, box.x + box.w);
    y1 = Math.max(y1, box.y + box.h);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

export class BoardController {
  readonly doc: Y.Doc;
  readonly notes: NoteStore;
  readonly viewport = new Viewport();
  readonly canEdit: boolean;
  /** The Konva group of each note on the canvas, for imperative moves during a drag. */
  readonly nodes = new Map<string, Konva.Group>();
  author: () => string;
  /** Whether this person may move a note (on a workshop's challenge board a participant moves only their own). */
  mayMove: (note: Note) => boolean;
  /** Boxes drawn beside the zones (the derived views, client/src/derived/), counted when fitting the view. */
  extraBounds: () => Box[] = () => [];

  /** The zones as drawn: stored, grown to hold their notes (shared/reducers/placement.ts). */
  zones: readonly Zone[] = [];
  readonly zonesChanged = new Signal();
  #storedZones: readonly Zone[] = [];
  /** Each note's "y h zone", to tell a move or a new zone (zones may grow) from a text edit (they cannot). */
  #geometry = new Map<string, string>();
  selection: ReadonlySet<string> = new Set();
  readonly selectionChanged = new Signal();
  editing: string | null = null;
  readonly editingChanged = new Signal();
  color: string = NOTE_DEFAULTS.color;
  readonly colorChanged = new Signal();

  /**
   * Level of detail and culling, for big boards: notes outside the view are hidden on every camera move
   * (cheap: a rectangle test per note, no React), and note texts exist only for notes near the view and
   * only at a zoom where text is readable. `viewChanged` fires once the camera has settled, and each note
   * re-renders only when its own "show text" answer changes.
   */
  detail = true;
  near: Box = { x: -1e7, y: -1e7, w: 2e7, h: 2e7 };
  readonly viewChanged = new Signal();
  #visible: Box = this.near;
  #settle: ReturnType<typeof setTimeout> | null = null;

  #zonesMap: Y.Map<unknown>;
  #unsubscribe: () => void;
  #unsubscribeCamera: () => void;

  constructor(options: { doc: Y.Doc; notes: NoteStore; canEdit: boolean; author: () => string; mayMove?: (note: Note) => boolean }) {
    this.doc = options.doc;
    this.notes = options.notes;
    this.canEdit = options.canEdit;
    this.author = options.author;
    this.mayMove = options.mayMove ?? (() => true);
    this.#zonesMap = zonesMap(this.doc);
    for (const note of this.notes.all()) this.#geometry.set(note.id, geometryOf(note));
    this.#readZones();
    this.#zonesMap.observeDeep(this.#readZones);
    // Forget selected or edited notes that someone else deleted.
    this.#unsubscribe = this.notes.subscribeChanges((ids) => {
      let moved = false;
      for (const id of ids) {
        const note = this.notes.get(id);
        const geometry = note ? geometryOf(note) : undefined;
        if (this.#geometry.get(id) === geometry) continue;
        moved = true;
        if (geometry === undefined) this.#geometry.delete(id);
        else this.#geometry.set(id, geometry);
      }
      if (moved) this.#growZones();
      if ([...ids].some((id) => this.selection.has(id) && !this.notes.get(id))) {
        this.select([...this.selection].filter((id) => this.notes.get(id)));
      }
      if (this.editing && ids.has(this.editing) && !this.notes.get(this.editing)) this.stopEditing();
    });
    this.#unsubscribeCamera = this.viewport.subscribe(() => this.onCamera());
  }

  destroy(): void {
    this.#zonesMap.unobserveDeep(this.#readZones);
    this.#unsubscribe();
    this.#unsubscribeCamera();
    if (this.#settle) clearTimeout(this.#settle);
  }

  /** Hides the notes out of view now; updates detail and the "near" box once the camera stops moving. */
  onCamera(): void {
    const { width, height } = this.viewport.size();
    const { x, y, scale } = this.viewport.camera;
    const margin = 40 / scale;
    this.#visible = { x: -x / scale - margin, y: -y / scale - margin, w: width / scale + 2 * margin, h: height / scale + 2 * margin };
    // While the camera moves, skip redrawing the notes' hit canvas (half the work); it is redrawn once settled.
    const layer = this.viewport.stage?.findOne<Konva.Layer>('.notes');
    if (layer?.listening() && !this.#firstView) layer.listening(false);
    for (const [id, node] of this.nodes) {
      const note = this.notes.get(id);
      const show = note !== undefined && this.isVisible(note);
      if (node.visible() !== show) node.visible(show);
    }
    if (this.#settle) clearTimeout(this.#settle);
    const settle = (): void => {
      this.#settle = null;
      const v = this.#visible;
      this.near = { x: v.x - v.w / 2, y: v.y - v.h / 2, w: v.w * 2, h: v.h * 2 };
      this.detail = this.viewport.camera.scale >= DETAIL_SCALE;
      if (layer && !layer.listening()) {
        layer.listening(true);
        layer.batchDraw();
      }
      this.viewChanged.emit();
    };
    if (this.#firstView) {
      this.#firstView = false;
      settle();
    } else {
      this.#settle = setTimeout(settle, SETTLE_MS);
      this.#settleNow = settle;
    }
  }
  #firstView = true;
  #settleNow: (() => void) | null = null;

  /**
   * A press on the canvas while the camera has just moved (a pan, a zoom, a resize of the window or of the
   * header): settle now and redraw the notes' hit canvas before Konva looks up what is under the pointer,
   * so the press is never lost to the skipped hit redraw.
   */
  settleNow(): void {
    if (!this.#settle || !this.#settleNow) return;
    clearTimeout(this.#settle);
    const settle = this.#settleNow;
    this.#settleNow = null;
    settle();
    this.viewport.stage?.findOne<Konva.Layer>('.notes')?.drawHit();
  }

  isVisible(box: Box): boolean {
    const v = this.#visible;
    return box.x < v.x + v.w && box.x + box.w > v.x && box.y < v.y + v.h && box.y + box.h > v.y;
  }

  /** Whether a note exists on the canvas at all: near the view (or everything, for an export). */
  isNear(box: Box): boolean {
    if (this.#everything) return true;
    const n = this.near;
    return box.x < n.x + n.w && box.x + box.w > n.x && box.y < n.y + n.h && box.y + box.h > n.y;
  }

  /** Whether a note's text should exist on the canvas (readable zoom, near the view). */
  showsText(box: Box): boolean {
    return (this.detail || this.#everything) && this.isNear(box);
  }

  #everything = false;

  /** Renders every note with its text (for the PNG export), or goes back to what is near the view. */
  renderEverything(on: boolean): void {
    this.#everything = on;
    this.viewChanged.emit();
  }

  /** The zones alone, as readBoard reads them (readBoard would also parse every note: on a 1,000-note board, more than the first render). */
  #readZones = (): void => {
    this.#storedZones = readBoardZones(this.doc);
    this.zones = grownZones(this.#storedZones, this.notes.all());
    this.zonesChanged.emit();
  };

  /** Zones grow (or shrink back) with the notes in them; told only when a zone's size changed. */
  #growZones(): void {
    const next = grownZones(this.#storedZones, this.notes.all());
    if (next.length === this.zones.length && next.every((zone, i) => zone.h === this.zones[i]?.h && zone.id === this.zones[i]?.id)) return;
    this.zones = next;
    this.zonesChanged.emit();
  }

  // Selection and editing

  select(ids: Iterable<string>): void {
    this.selection = new Set(ids);
    this.selectionChanged.emit();
  }

  toggle(id: string): void {
    const next = new Set(this.selection);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.select(next);
  }

  selectedNotes(): Note[] {
    return [...this.selection].map((id) => this.notes.get(id)).filter((note): note is Note => note !== undefined);
  }

  startEditing(id: string): void {
    if (!this.canEdit || !this.notes.get(id)) return;
    this.editing = id;
    this.editingChanged.emit();
  }

  stopEditing(): void {
    if (this.editing === null) return;
    this.editing = null;
    this.editingChanged.emit();
  }

  setColor(color: string): void {
    this.color = color;
    this.colorChanged.emit();
    if (!this.canEdit) return;
    for (const note of this.selectedNotes()) setNoteColor(this.doc, note.id, color);
  }

  // Writes

  /** A new note with its top-left at board point (x, y) (snapped into a zone), selected and in edit mode. */
  createNoteAt(x: number, y: number, text = ''): string | null {
    if (!this.canEdit) return null;
    let at = placeNote(this.zones, NOTE_DEFAULTS, x, y);
    // In a zone, a spot already taken by a note gives way to the zone's first free spot.
    const zone = at.zone === null ? undefined : this.zones.find((z) => z.id === at.zone);
    if (zone && collectsNotes(zone) && this.#overlaps(at.x, at.y, NOTE_DEFAULTS.w, NOTE_DEFAULTS.h)) at = { ...this.#freeSpot(zone), zone: zone.id };
    const id = addNote(this.doc, { text, author: this.author(), color: this.color, ...at, createdAt: Date.now() });
    this.select([id]);
    if (text === '') this.startEditing(id);
    return id;
  }

  /** The first free spot of a zone for a new note (below its last row when it is full and can grow). */
  #freeSpot(zone: Zone): { x: number; y: number } {
    return firstFreeSpot(zone, [...this.notes.all()], NOTE_DEFAULTS, canGrow(zone, this.zones));
  }

  /**
   * A new note in the middle of the view: in the first free spot of the zone there (one that collects
   * notes), else the free spot nearest to the middle.
   */
  createNoteInView(text = ''): string | null {
    const center = this.viewport.center();
    const zone = zoneAt(this.zones, center.x, center.y);
    if (zone && collectsNotes(zone)) {
      const spot = this.#freeSpot(zone);
      return this.createNoteAt(spot.x, spot.y, text);
    }
    const { w, h } = NOTE_DEFAULTS;
    const x0 = center.x - w / 2;
    const y0 = center.y - h / 2;
    const stepX = w + 16;
    const stepY = h + 16;
    // Rings of grid positions around the centre; the first that overlaps no note wins.
    for (let ring = 0; ring < 8; ring++) {
      for (let i = -ring; i <= ring; i++) {
        for (let j = -ring; j <= ring; j++) {
          if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
          const x = x0 + i * stepX;
          const y = y0 + j * stepY;
          if (!this.#overlaps(x, y, w, h)) return this.createNoteAt(x, y, text);
        }
      }
    }
    return this.createNoteAt(x0, y0, text);
  }

  #overlaps(x: number, y: number, w: number, h: number): boolean {
    for (const note of this.notes.all()) {
      if (note.x < x + w && note.x + note.w > x && note.y < y + h && note.y + note.h > y) return true;
    }
    return false;
  }

  deleteSelected(): void {
    if (!this.canEdit || this.selection.size === 0) return;
    const ids = [...this.selection];
    this.doc.transact(() => {
      for (const id of ids) if (this.notes.get(id)) deleteNote(this.doc, id);
    });
    this.stopEditing();
    this.select([]);
  }

  /** During a drag: the position only, no zone yet. */
  moveLive(id: string, x: number, y: number): void {
    if (!this.canEdit || !this.notes.get(id)) return;
    moveNote(this.doc, id, { x: Math.round(x), y: Math.round(y) });
  }

  /** A drop: snaps into the zone under the note and writes the zone id. Returns where it landed. */
  drop(id: string, x: number, y: number): { x: number; y: number; zone: string | null } | null {
    const note = this.notes.get(id);
    if (!this.canEdit || !note) return null;
    const at = placeNote(this.zones, note, x, y);
    moveNote(this.doc, id, at);
    return at;
  }

  moveSelectedBy(dx: number, dy: number): void {
    if (!this.canEdit) return;
    const notes = this.selectedNotes();
    this.doc.transact(() => {
      for (const note of notes) this.drop(note.id, note.x + dx, note.y + dy);
    });
  }

  resize(id: string, box: Box): void {
    const note = this.notes.get(id);
    if (!this.canEdit || !note) return;
    const w = Math.max(MIN_NOTE, Math.round(box.w));
    const h = Math.max(MIN_NOTE, Math.round(box.h));
    this.doc.transact(() => {
      resizeNote(this.doc, id, { w, h });
      moveNote(this.doc, id, placeNote(this.zones, { w, h }, box.x, box.y));
    });
  }

  resizeSelectedBy(dw: number, dh: number): void {
    if (!this.canEdit) return;
    const notes = this.selectedNotes();
    this.doc.transact(() => {
      for (const note of notes) this.resize(note.id, { x: note.x, y: note.y, w: note.w + dw, h: note.h + dh });
    });
  }

  /**
   * The zones "tidy" works on: those of the selected notes, else the zone in the middle of the view.
   */
  tidyTargets(): Zone[] {
    const ids = new Set(this.selectedNotes().map((note) => note.zone).filter((zone) => zone !== null));
    if (ids.size === 0) {
      const center = this.viewport.center();
      const zone = zoneAt(this.zones, center.x, center.y);
      if (zone) ids.add(zone.id);
    }
    return this.zones.filter((zone) => ids.has(zone.id) && collectsNotes(zone));
  }

  /**
   * Packs each target zone's notes into rows in reading order (shared/reducers/placement.ts), moving only
   * the notes this person may move, in one update. Returns how many notes moved.
   */
  tidy(zones = this.tidyTargets()): number {
    if (!this.canEdit) return 0;
    const notes = [...this.notes.all()];
    let moved = 0;
    this.doc.transact(() => {
      for (const zone of zones) {
        for (const [id, at] of tidyZone(zone, this.zones, notes, this.mayMove)) {
          moveNote(this.doc, id, { ...at, zone: zone.id });
          moved++;
        }
      }
    });
    return moved;
  }

  /** Everything on the board (zones and notes), for fitting the view and exporting. */
  contentBounds(): Box | null {
    return boundsOf([...this.zones, ...this.notes.all(), ...this.extraBounds()]);
  }

  /** Selects a note and brings it into view (from the notes list). */
  reveal(id: string): void {
    const note = this.notes.get(id);
    if (!note) return;
    this.select([id]);
    this.viewport.centerOn(note.x + note.w / 2, note.y + note.h / 2);
  }
}
