/**
 * Matchmaking plans run here, in a worker thread, never on the server's event loop: a plan for 500 people can
 * take seconds, and every board of every workshop on the process shares that loop. `runPlan` (main thread)
 * starts one worker per plan with the job in `workerData`; the worker posts progress (throttled) and then the
 * plan. The time budget is checked inside the search (it returns the best valid plan found so far); cancel
 * terminates the worker, so nothing it computed is kept. Node 24 loads this .ts file directly (type stripping).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { EventInput, EventReplanOptions } from '../../shared/matchmaking/event.ts';
import { planEvent, replanEvent } from '../../shared/matchmaking/event.ts';
import type { Plan } from '../../shared/matchmaking/model.ts';
import type { PlacementProgress } from '../../shared/matchmaking/placement.ts';
import { qualityReport, type QualityReport } from '../../shared/matchmaking/quality.ts';
import type { WorkshopInput, WorkshopReplanOptions } from '../../shared/matchmaking/workshop.ts';
import { planWorkshop, replanWorkshop } from '../../shared/matchmaking/workshop.ts';

export type PlanJob =
  | { readonly kind: 'event'; readonly input: EventInput; readonly prev?: Plan; readonly options?: EventReplanOptions }
  | { readonly kind: 'workshop'; readonly input: WorkshopInput; readonly prev?: Plan; readonly options?: WorkshopReplanOptions };

/** What the facilitator's progress bar shows: the phase, the slot (round) being planned, and a fraction 0..1. */
export interface PlanProgress {
  readonly phase: 'slots' | 'improving';
  /** 0-based slot (round) of the first pass; null while improving. */
  readonly slot: number | null;
  readonly slots: number;
  readonly fraction: number;
}

export type WorkerReply =
  | { readonly type: 'progress'; readonly progress: PlanProgress }
  | { readonly type: 'done'; readonly plan: Plan; readonly stoppedEarly: boolean; readonly computeMs: number; readonly quality: QualityReport }
  | { readonly type: 'error'; readonly message: string };

export interface RunOptions {
  /** The search stops here and keeps the best plan found so far. */
  readonly budgetMs: number;
  readonly onProgress?: (p: PlanProgress) => void;
  /** Aborting terminates the worker; the promise rejects with `PlanCancelled`. */
  readonly signal?: AbortSignal;
}

export class PlanCancelled extends Error {
  constructor() {
    super('the plan was cancelled');
    this.name = 'PlanCancelled';
  }
}

/** Grace beyond the budget before a worker that does not answer is terminated (construction is not interruptible). */
const HARD_LIMIT_GRACE_MS = 30_000;

/** The plan, and its quality report (computed in the worker too: for 500 people it takes a while). */
export function runPlan(job: PlanJob, options: RunOptions): Promise<{ plan: Plan; stoppedEarly: boolean; computeMs: number; quality: QualityReport }> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new PlanCancelled());
      return;
    }
    const worker = new Worker(new URL('./plan-worker.ts', import.meta.url), { workerData: { job, budgetMs: options.budgetMs } });
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(hardLimit);
      options.signal?.removeEventListener('abort', onAbort);
      f();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(new PlanCancelled()));
    const hardLimit = setTimeout(() => finish(() => reject(new Error(`the plan did not finish within ${options.budgetMs + HARD_LIMIT_GRACE_MS} ms`))), options.budgetMs + HARD_LIMIT_GRACE_MS);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerReply) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') finish(() => resolve({ plan: message.plan, stoppedEarly: message.stoppedEarly, computeMs: message.computeMs, quality: message.quality }));
      else finish(() => reject(new Error(message.message)));
    });
    worker.on('error', (err: Error) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the planning worker exited with code ${code}`))));
  });
}

/** Worker side: plan, posting progress at most every 50 ms (and on every new slot). */
function work(job: PlanJob, budgetMs: number): WorkerReply {
  const started = performance.now();
  const deadline = started + budgetMs;
  const shouldStop = (): boolean => performance.now() > deadline;
  let lastPost = 0;
  let lastSlot = -1;
  const post = (progress: PlanProgress): void => {
    const now = performance.now();
    if (progress.slot === lastSlot && now - lastPost < 50) return;
    lastPost = now;
    lastSlot = progress.slot ?? -1;
    parentPort?.postMessage({ type: 'progress', progress } satisfies WorkerReply);
  };
  const slots = job.input.slots.length;
  if (job.kind === 'event') {
    const onProgress = (p: PlacementProgress): void =>
      post(
        p.phase === 'slot'
          ? { phase: 'slots', slot: p.slot, slots: p.slots, fraction: (0.5 * p.slot) / Math.max(1, p.slots) }
          : { phase: 'improving', slot: null, slots, fraction: 0.5 + (0.5 * p.done) / Math.max(1, p.total) },
      );
    const result = job.prev && job.options ? replanEvent(job.prev, job.input, job.options, { shouldStop, onProgress }) : planEvent(job.input, { shouldStop, onProgress });
    const computeMs = performance.now() - started;
    const quality = qualityReport({ plan: result.plan, people: job.input.people, wanted: result.wanted, computeMs });
    return { type: 'done', plan: result.plan, stoppedEarly: result.search.stoppedEarly, computeMs, quality };
  }
  let stoppedEarly = false;
  const stopWorkshop = (): boolean => (stoppedEarly = stoppedEarly || shouldStop());
  const onProgress = (p: { phase: 'round'; slot: number; slots: number } | { phase: 'sweep'; sweep: number; sweeps: number }): void =>
    post(
      p.phase === 'round'
        ? { phase: 'slots', slot: p.slot, slots: p.slots, fraction: (0.5 * p.slot) / Math.max(1, p.slots) }
        : { phase: 'improving', slot: null, slots, fraction: 0.5 + (0.5 * p.sweep) / Math.max(1, p.sweeps) },
    );
  const result = job.prev && job.options ? replanWorkshop(job.prev, job.input, job.options, { shouldStop: stopWorkshop, onProgress }) : planWorkshop(job.input, { shouldStop: stopWorkshop, onProgress });
  const computeMs = performance.now() - started;
  const quality = qualityReport({ plan: result.plan, people: job.input.people, wishes: job.input.wishes, computeMs });
  return { type: 'done', plan: result.plan, stoppedEarly, computeMs, quality };
}

if (!isMainThread && parentPort && (workerData as { job?: PlanJob } | null)?.job) {
  const { job, budgetMs } = workerData as { job: PlanJob; budgetMs: number };
  let reply: WorkerReply;
  try {
    reply = work(job, budgetMs);
  } catch (err) {
    reply = { type: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  parentPort.postMessage(reply);
}
