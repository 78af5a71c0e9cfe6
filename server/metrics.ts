/**
 * /metrics in Prometheus text format (prom-client). One registry per app, so several apps in one test
 * process do not collide. Gauges (open documents, sockets) are read when scraped; counters and histograms
 * are fed by the live documents (DocMetrics in sync/live-doc.ts) and by the rate limits. "Per second" is
 * the scraper's rate() over the counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DocMetrics, RefusedReason } from './sync/live-doc.ts';
import type { LiveDocs } from './sync/live-docs.ts';

/** Refusals outside the live documents: rate limits of creation, joins and tokens. */
export type LimitReason = 'rate-limit-create' | 'rate-limit-join' | 'rate-limit-auth';

export class Metrics implements DocMetrics {
  readonly registry = new Registry();
  #updatesIn: Counter<'source'>;
  #updatesOut: Counter;
  #refused: Counter<'reason'>;
  #store: Histogram;
  #lag: Histogram;

  /** `processMetrics`: also the process's own (CPU, memory, event loop, GC); main.ts only, as they watch the whole process. */
  constructor(liveDocs: () => LiveDocs, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'plenary_' });
    new Gauge({
      name: 'plenary_open_documents',
      help: 'Documents loaded in this process (boards, control, drafts)',
      registers,
      collect() {
        this.set(liveDocs().docs.size);
      },
    });
    new Gauge({
      name: 'plenary_sockets',
      help: 'Open websocket connections to documents',
      registers,
      collect() {
        let n = 0;
        for (const doc of liveDocs().docs.values()) n += doc.conns.size;
        this.set(n);
      },
    });
    this.#updatesIn = new Counter({ name: 'plenary_updates_in_total', help: 'Document updates received, from clients or other processes', labelNames: ['source'], registers });
    this.#updatesOut = new Counter({ name: 'plenary_updates_out_total', help: 'Update frames sent to clients', registers });
    this.#refused = new Counter({ name: 'plenary_refused_writes_total', help: 'Writes not taken, by reason', labelNames: ['reason'], registers });
    // 0.5 ms to 2.5 s: a local PostgreSQL commit is about a millisecond, a struggling one hundreds.
    this.#store = new Histogram({
      name: 'plenary_storage_write_seconds',
      help: 'Time to store one update (durable when it resolves)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#lag = new Histogram({
      name: 'plenary_relay_lag_seconds',
      help: 'From publish on another process to arrival here (clocks of both machines)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
  }

  updateIn(source: 'client' | 'remote'): void {
    this.#updatesIn.inc({ source });
  }

  updatesOut(frames: number): void {
    if (frames > 0) this.#updatesOut.inc(frames);
  }

  refused(reason: RefusedReason | LimitReason): void {
    this.#refused.inc({ reason });
  }

  storeSeconds(seconds: number): void {
    this.#store.observe(seconds);
  }

  relayLagSeconds(seconds: number): void {
    this.#lag.observe(seconds);
  }
}
