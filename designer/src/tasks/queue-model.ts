import type { Task } from '../api/tasks-client';

/** Where a call stands against the clock, for its badge in the queue. */
export type DueState = 'overdue' | 'today' | 'later';

/** Overdue once its due time has passed; today when due before the end of the reader's day. */
export function dueState(dueAt: string, now: Date): DueState {
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  const endOfDay = new Date(now);
  endOfDay.setHours(24, 0, 0, 0);
  return due.getTime() < endOfDay.getTime() ? 'today' : 'later';
}

/**
 * The call to open after `closedId` left the queue: the one that followed it in the list the
 * agent was looking at and is still in the new list, else the one before it, else the first of
 * the new list; null when the queue is empty.
 */
export function nextTaskId(before: readonly Pick<Task, 'id'>[], closedId: string, after: readonly Pick<Task, 'id'>[]): string | null {
  const still = new Set(after.map((task) => task.id));
  still.delete(closedId);
  const index = before.findIndex((task) => task.id === closedId);
  if (index >= 0) {
    const following = before.slice(index + 1).find((task) => still.has(task.id));
    if (following) return following.id;
    const preceding = before.slice(0, index).reverse().find((task) => still.has(task.id));
    if (preceding) return preceding.id;
  }
  return after.find((task) => task.id !== closedId)?.id ?? null;
}

/** The campaigns the agent's loaded calls belong to, by name, for the campaign filter (agents cannot list campaigns). */
export function campaignsOf(tasks: readonly Pick<Task, 'campaignId' | 'campaignName'>[], keep?: { id: string; name: string }): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  if (keep) byId.set(keep.id, keep.name);
  for (const task of tasks) byId.set(task.campaignId, task.campaignName);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Append a next page to the loaded calls, leaving out any already there (a call rescheduled between pages). */
export function appendPage<T extends { id: string }>(loaded: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(loaded.map((task) => task.id));
  return [...loaded, ...page.filter((task) => !seen.has(task.id))];
}

/** Loyalty tier, when the contact carries one as an attribute (`tier` or `loyalty_tier`). */
export function loyaltyTier(attributes: Readonly<Record<string, unknown>>): string | null {
  for (const key of ['loyalty_tier', 'tier']) {
    const value = attributes[key];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value);
  }
  return null;
}

/** A `datetime-local` input's value (the reader's local time) as an ISO instant; null when empty or unreadable. */
export function localDateTimeToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
