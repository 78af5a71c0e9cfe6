/**
 * The links a facilitator hands out, always on the console (fetched from the server, so any facilitator
 * screen has them, not only the browser that created the workshop): participant, observer and
 * co-facilitator, each with a copy button and a QR code drawn in the page, large for the room's projector.
 */
import { useEffect, useState } from 'react';
import { call, type WorkshopLinks } from '../api.ts';
import { qrShape } from './qr.ts';

const LABELS: { key: keyof WorkshopLinks; title: string; hint: string }[] = [
  { key: 'participant', title: 'Participant link', hint: 'Everybody joins with this link or QR code.' },
  { key: 'observer', title: 'Observer link', hint: 'Sees the rooms, writes nothing.' },
  { key: 'coFacilitator', title: 'Co-facilitator link', hint: 'Runs the workshop with you. Keep it private.' },
];

export function QrCode({ text, label, size }: { text: string; label: string; size: number }) {
  const shape = qrShape(text);
  const quiet = 4;
  const box = shape.size + quiet * 2;
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size} viewBox={`${-quiet} ${-quiet} ${box} ${box}`} shapeRendering="crispEdges">
      <rect x={-quiet} y={-quiet} width={box} height={box} fill="#fff" />
      <path d={shape.path} fill="#000" />
    </svg>
  );
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function LinkCard({ title, hint, url }: { title: string; hint: string; url: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const [large, setLarge] = useState(false);
  return (
    <div className="share-card" role="group" aria-label={`${title}: copy it or show its QR code`}>
      <div className="share-text">
        <span className="bar-title" aria-hidden="true">
          {title}
        </span>
        <input readOnly value={url} aria-label={title} onFocus={(e) => e.currentTarget.select()} />
        <span className="control-row">
          <button
            type="button"
            className="btn"
            onClick={() => {
              void copy(url).then((ok) => setCopied(ok ? 'yes' : 'no'));
            }}
          >
            {copied === 'yes' ? 'Copied ✓' : 'Copy'}
          </button>
          <button type="button" className="btn" aria-pressed={large} onClick={() => setLarge(!large)}>
            {large ? 'Smaller QR code' : 'Large QR code'}
          </button>
        </span>
        <span className="muted small" role="status">
          {copied === 'no' ? 'Copying is blocked here: select the link and copy it by hand.' : hint}
        </span>
      </div>
      <QrCode text={url} label={`QR code of the ${title.toLowerCase()}`} size={large ? 360 : 112} />
    </div>
  );
}

export function ShareLinks({ workshopId, token }: { workshopId: string; token: string }) {
  const [links, setLinks] = useState<WorkshopLinks | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('links', { params: { workshopId }, token }).then(setLinks, (err: Error) => setError(err.message));
  }, [workshopId, token]);
  const absolute = (path: string) => `${window.location.origin}${path}`;
  return (
    <section className="share-links-bar" aria-label="Links to hand out">
      {error && <p className="error">The links could not be loaded: {error}</p>}
      {!links && !error && <p className="muted">Loading the links…</p>}
      {links && LABELS.map((l) => <LinkCard key={l.key} title={l.title} hint={l.hint} url={absolute(links[l.key])} />)}
    </section>
  );
}
