/**
 * A small live picture of a room's board: its zones and notes in their colours, scaled to fit a canvas.
 * Redrawn when the board read changes (the reads are already throttled by LiveWorkshop).
 */
import { useEffect, useRef } from 'react';
import type { Board } from '../../../shared/schema/board.ts';
import { applyTransform, contentBounds, fitTransform } from './logic.ts';
import { zoneColor } from '../derived/zoneStyle.ts';

export function BoardThumbnail({ board, width = 240, height = 140, label }: { board: Board; width?: number; height?: number; label: string }) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#eceef2';
    ctx.fillRect(0, 0, width, height);
    const t = fitTransform(contentBounds([...board.zones, ...board.notes]), width, height, 6, 0.5);
    for (const zone of board.zones) {
      const r = applyTransform(t, zone);
      ctx.fillStyle = zoneColor(zone);
      ctx.strokeStyle = '#b8bdc9';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.roundRect(r.x, r.y, Math.max(1, r.w), Math.max(1, r.h), Math.min(3, r.w / 4, r.h / 4));
      ctx.fill();
      ctx.stroke();
      // The zone's title as a dark bar where the header text sits on the board.
      if (r.w > 16 && r.h > 12) {
        ctx.fillStyle = '#9aa3b5';
        ctx.fillRect(r.x + 3, r.y + 3, Math.min(r.w - 6, Math.max(6, zone.title.length * 1.6)), 2);
      }
    }
    for (const note of board.notes) {
      const r = applyTransform(t, note);
      ctx.fillStyle = note.color;
      ctx.shadowColor = 'rgba(0,0,0,0.18)';
      ctx.shadowBlur = 1.5;
      ctx.shadowOffsetY = 0.5;
      ctx.fillRect(r.x, r.y, Math.max(2, r.w), Math.max(2, r.h));
      ctx.shadowColor = 'transparent';
      ctx.strokeStyle = 'rgba(29,35,48,0.25)';
      ctx.lineWidth = 0.5;
      ctx.strokeRect(r.x, r.y, Math.max(2, r.w), Math.max(2, r.h));
      // A hint of the text: a line or two, as long as the note's first words.
      if (r.w > 10 && r.h > 8 && note.text.trim()) {
        ctx.fillStyle = 'rgba(29,35,48,0.45)';
        const lines = Math.min(note.text.length > 18 ? 2 : 1, Math.floor((r.h - 4) / 3));
        for (let i = 0; i < lines; i++) {
          const len = i === lines - 1 && lines > 1 ? 0.55 : Math.min(1, note.text.length / 14);
          ctx.fillRect(r.x + 2, r.y + 2.5 + i * 3, Math.max(2, (r.w - 4) * len), 1);
        }
      }
    }
  }, [board, width, height]);
  return <canvas ref={ref} className="thumb" style={{ width, height }} role="img" aria-label={label} data-notes={board.notes.length} />;
}
