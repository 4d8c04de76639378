import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';

/**
 * Record progress and give the workflow a chance to cancel us (pause/cancel): cancellation only
 * reaches an activity through its heartbeats, and is honoured between pages, never mid-page.
 */
export function pageDone(progress: unknown): void {
  Context.current().heartbeat(progress);
  throwIfCancelled();
}

/** Honour a pause or cancel that arrived through a heartbeat. */
export function throwIfCancelled(): void {
  if (Context.current().cancellationSignal.aborted) throw new CancelledFailure('Activity cancelled between pages');
}

/** How often a long statement or a slow page heartbeats: well inside the 5 s heartbeat timeout. */
const KEEP_ALIVE_MS = 1_000;

/**
 * Heartbeat while one long piece of work runs (an audience snapshot of a million contacts is a
 * single INSERT ... SELECT; a page of mails to a slow relay), so a live activity is never
 * mistaken for a dead worker, and a dead one is noticed within the heartbeat timeout.
 */
export async function keepAlive<T>(work: Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(context.info.heartbeatDetails), KEEP_ALIVE_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** Sleep inside an activity, heartbeating, and stop early if the activity is cancelled. */
export async function activitySleep(ms: number): Promise<void> {
  if (ms <= 0) return;
  await keepAlive(Context.current().sleep(ms)).catch((error: unknown) => {
    if (Context.current().cancellationSignal.aborted) return;
    throw error;
  });
  throwIfCancelled();
}
