import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';

/** Progress a long activity records in its heartbeat, so a retry resumes after it. */
export interface PageProgress {
  lastContactId: string | null;
  processed: number;
}

/** Where the previous attempt got to (or the start). */
export function resumePoint(): PageProgress {
  const details = Context.current().info.heartbeatDetails as PageProgress | undefined;
  return details ?? { lastContactId: null, processed: 0 };
}

/**
 * Record progress and give the workflow a chance to cancel us (pause/cancel): cancellation only
 * reaches an activity through its heartbeats, and is honoured between pages, never mid-page.
 */
export function pageDone(progress: PageProgress): void {
  Context.current().heartbeat(progress);
  throwIfCancelled();
}

/** Honour a pause or cancel that arrived through a heartbeat. */
export function throwIfCancelled(): void {
  if (Context.current().cancellationSignal.aborted) throw new CancelledFailure('Activity cancelled between pages');
}

const KEEP_ALIVE_MS = 5_000;

/**
 * Heartbeat while one long statement runs (an audience snapshot of a million contacts is a
 * single INSERT ... SELECT), so a live activity is never mistaken for a dead worker.
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
