/**
 * Runs Yjs' encoding and decoding paths a few times before the server listens, so the first client after
 * a restart is not the one paying for the JIT: measured by `npm run bench:sync` (scenario d), this took a
 * board's first full sync after a restart from about 58 ms to about 34 ms, for 0.1 s more at start.
 */
import * as Y from 'yjs';

export function warmUpYjs(): void {
  const doc = new Y.Doc();
  const list = doc.getArray<string>('list');
  const map = doc.getMap<unknown>('map');
  for (let i = 0; i < 2000; i++) list.push([`item ${i}`]);
  for (let i = 0; i < 200; i++) {
    const entry = new Y.Map<unknown>();
    entry.set('text', new Y.Text(`note ${i}`));
    entry.set('x', i);
    map.set(`k${i}`, entry);
  }
  for (let round = 0; round < 3; round++) {
    const update = Y.encodeStateAsUpdate(doc);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, update);
    Y.encodeStateAsUpdate(copy, Y.encodeStateVector(new Y.Doc()));
    Y.decodeUpdate(update);
    copy.destroy();
  }
  doc.destroy();
}
