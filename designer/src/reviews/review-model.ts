import type { Review } from '../api/review-client';

/** "1 message", "3 messages". */
export function messagesCount(count: number): string {
  return `${count} message${count === 1 ? '' : 's'}`;
}

/** What approving does, said before the reviewer confirms: how many go on, how many do not. */
export function approveQuestion(counts: Review['counts']): string {
  const goOn = counts.messages - counts.excluded;
  const excluded = counts.excluded === 0 ? 'none is excluded' : `${counts.excluded} excluded ${counts.excluded === 1 ? 'contact gets' : 'contacts get'} nothing`;
  return `Approve: ${messagesCount(goOn)} ${goOn === 1 ? 'goes' : 'go'} on to be sent, ${excluded}.`;
}

/** A review's deadline as the list shows it, or what happens without one. */
export function deadlineText(dueAt: string | null, format: (iso: string) => string): string {
  return dueAt === null ? 'none (waits for approval)' : format(dueAt);
}

/**
 * The pages of a keyset-paged list seen so far: each entry is the `after` that opened it, so
 * "Previous" goes back without the server knowing about pages. A new search starts over.
 */
export interface PageTrail {
  cursors: readonly (string | undefined)[];
}

export const FIRST_PAGE: PageTrail = { cursors: [undefined] };

export function currentCursor(trail: PageTrail): string | undefined {
  return trail.cursors[trail.cursors.length - 1];
}

export function nextPage(trail: PageTrail, next: string): PageTrail {
  return { cursors: [...trail.cursors, next] };
}

export function previousPage(trail: PageTrail): PageTrail {
  return trail.cursors.length > 1 ? { cursors: trail.cursors.slice(0, -1) } : trail;
}
