/**
 * The setup screens' fields, shared by "Set up a workshop" (one form, one request) and "Edit the day"
 * (each part saved on its own): details and agenda, a breakout session with its rooms, participants.
 * Controlled components over the draft (draft.ts); they never call the API.
 */
import { useId, type ChangeEvent } from 'react';
import type { TemplateSummary } from '../api.ts';
import { challengesOf, checkParticipants, emptyRoom, newKey, rowErrorLines, type AgendaDraft, type DayDraft, type SessionDraft } from './draft.ts';

type Details = Pick<DayDraft, 'title' | 'date' | 'voteBudget' | 'agenda'>;

export function DetailsFields({ value, onChange }: { value: Details; onChange: (next: Details) => void }) {
  const set = (patch: Partial<Details>) => onChange({ ...value, ...patch });
  const setBlock = (i: number, patch: Partial<AgendaDraft>) => set({ agenda: value.agenda.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const last = value.agenda.at(-1);
  return (
    <>
      <div className="setup-row">
        <label className="grow">
          Title of the day
          <input value={value.title} maxLength={200} required placeholder="Booster academy, day 3" onChange={(e) => set({ title: e.target.value })} />
        </label>
        <label>
          Date
          <input type="date" value={value.date} onChange={(e) => set({ date: e.target.value })} />
        </label>
        <label>
          Dots per person and challenge
          <input type="number" min={1} max={20} value={value.voteBudget} onChange={(e) => set({ voteBudget: Math.max(1, Math.min(20, Math.round(Number(e.target.value) || 1))) })} />
        </label>
      </div>
      <fieldset className="setup-agenda">
        <legend>Agenda</legend>
        {value.agenda.length === 0 && <p className="muted small">No agenda blocks yet.</p>}
        <ol className="setup-list">
          {value.agenda.map((block, i) => (
            <li key={i} className="setup-row">
              <label className="time">
                Start
                <input type="time" value={block.start} required onChange={(e) => setBlock(i, { start: e.target.value })} />
              </label>
              <label className="time">
                End
                <input type="time" value={block.end} required onChange={(e) => setBlock(i, { end: e.target.value })} />
              </label>
              <label className="grow">
                Block
                <input value={block.title} maxLength={200} required placeholder="Solutions to the biggest challenges" onChange={(e) => setBlock(i, { title: e.target.value })} />
              </label>
              <label className="inline">
                <input type="checkbox" checked={block.interactive} onChange={(e) => setBlock(i, { interactive: e.target.checked })} />
                Interactive
              </label>
              <button type="button" className="btn quiet small" aria-label={`Remove agenda block ${i + 1}`} onClick={() => set({ agenda: value.agenda.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="btn secondary" onClick={() => set({ agenda: [...value.agenda, { start: last?.end ?? '09:00', end: last?.end ?? '10:00', title: '', interactive: false }] })}>
          Add an agenda block
        </button>
      </fieldset>
    </>
  );
}

function TemplateSelect({ id, value, templates, disabled, onChange }: { id: string; value: string; templates: readonly TemplateSummary[]; disabled?: boolean; onChange: (id: string) => void }) {
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {templates.map((t) => (
        <option key={t.id} value={t.id}>
          {t.title}
        </option>
      ))}
    </select>
  );
}

/** A breakout session: title, template, rooms each with a name, its own template and challenges pasted one per line. */
export function SessionFields({
  value,
  templates,
  index,
  onChange,
}: {
  value: SessionDraft;
  templates: readonly TemplateSummary[];
  index: number;
  onChange: (next: SessionDraft) => void;
}) {
  const base = useId();
  const existing = value.id !== undefined;
  const set = (patch: Partial<SessionDraft>) => onChange({ ...value, ...patch });
  const setRoom = (key: string, patch: Partial<SessionDraft['rooms'][number]>) => set({ rooms: value.rooms.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const range = (id: string) => templates.find((t) => t.id === id)?.challenges ?? null;
  // Challenges are numbered across the session's rooms: where each room's numbering starts.
  const firstNumbers: number[] = [];
  let numbered = 0;
  for (const room of value.rooms) {
    firstNumbers.push(numbered + 1);
    if (range(room.template)) numbered += challengesOf(room.challengesText).length;
  }
  return (
    <>
      <div className="setup-row">
        <label className="grow">
          Session title
          <input value={value.title} maxLength={200} required placeholder="Solutions to the biggest challenges" onChange={(e) => set({ title: e.target.value })} aria-label={`Title of session ${index + 1}`} />
        </label>
        <label>
          <span>Template{existing ? ' (rooms keep theirs)' : ''}</span>
          <TemplateSelect
            id={`${base}-template`}
            value={value.template}
            templates={templates}
            disabled={existing}
            onChange={(template) => set({ template, rooms: value.rooms.map((r) => (r.id ? r : { ...r, template })) })}
          />
        </label>
      </div>
      <ol className="setup-rooms">
        {value.rooms.map((room, i) => {
          const takes = range(room.template);
          const count = challengesOf(room.challengesText).length;
          const first = firstNumbers[i] ?? 1;
          const outOfRange = takes !== null && count > 0 && (count < takes.min || count > takes.max);
          return (
            <li key={room.key} className="setup-room">
              <div className="setup-row">
                <label className="grow">
                  Room name
                  <input value={room.name} maxLength={120} required onChange={(e) => setRoom(room.key, { name: e.target.value })} aria-label={`Name of room ${i + 1} of session ${index + 1}`} />
                </label>
                <label>
                  Room template
                  <TemplateSelect id={`${base}-room-${room.key}`} value={room.template} templates={templates} disabled={room.id !== undefined} onChange={(template) => setRoom(room.key, { template })} />
                </label>
                <button
                  type="button"
                  className="btn quiet small"
                  disabled={value.rooms.length <= 1}
                  aria-label={`Remove room ${room.name || i + 1}`}
                  onClick={() => set({ rooms: value.rooms.filter((r) => r.key !== room.key) })}
                >
                  Remove room
                </button>
              </div>
              {takes && (
                <label>
                  <span>
                    Challenges, one per line{' '}
                    <span className="muted small">
                      {count === 0 ? `(none: the template's examples)` : `(${count}: numbered ${first}–${first + count - 1})`}
                    </span>
                  </span>
                  <textarea
                    rows={Math.max(3, Math.min(8, count + 1))}
                    value={room.challengesText}
                    onChange={(e) => setRoom(room.key, { challengesText: e.target.value })}
                    aria-label={`Challenges of ${room.name || `room ${i + 1}`}, one per line`}
                    aria-invalid={outOfRange}
                  />
                  {outOfRange && (
                    <span className="error small" role="alert">
                      This template takes {takes.min}–{takes.max} challenges.
                    </span>
                  )}
                </label>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn secondary" onClick={() => set({ rooms: [...value.rooms, { ...emptyRoom(value.rooms.length + 1, value.template), key: newKey() }] })}>
        Add a room
      </button>
    </>
  );
}

/** Pasted lines or a CSV file (name, cluster, country), checked as you type with the API's own parser. */
export function ParticipantsField({
  value,
  onChange,
  taken = [],
  emptyHint = 'Nobody pre-registered: people join with their name.',
}: {
  value: string;
  onChange: (text: string) => void;
  taken?: readonly string[];
  emptyHint?: string;
}) {
  const check = checkParticipants(value, taken);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    const text = await file.text();
    onChange(value.trim() === '' ? text : `${value.replace(/\s*$/, '')}\n${text}`);
    e.currentTarget.value = '';
  };
  return (
    <div className="setup-participants">
      <label>
        <span>
          Pre-registered participants: one a line, <code>name, cluster, country</code> (cluster and country optional)
        </span>
        <textarea rows={6} value={value} onChange={(e) => onChange(e.target.value)} placeholder={'Laura Müller, Health cluster, DE\nBen Novak, Wood cluster, AT'} aria-invalid={!check.ok} />
      </label>
      <label className="file">
        <span>…or load a CSV file</span>
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e)} />
      </label>
      {check.ok ? (
        <p className="muted small" role="status">
          {check.rows.length === 0 ? emptyHint : `${check.rows.length} participant${check.rows.length === 1 ? '' : 's'} ready.`}
        </p>
      ) : (
        <div role="alert">
          <ul className="row-errors" aria-label="Rows to fix">
            {rowErrorLines(check.errors).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
