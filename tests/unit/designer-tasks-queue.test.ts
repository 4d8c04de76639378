import { describe, expect, it } from 'vitest';
import { appendPage, campaignsOf, dueState, localDateTimeToIso, loyaltyTier, nextTaskId } from '../../designer/src/tasks/queue-model';
import { outcomeList } from '../../designer/src/tasks/summary-model';
import { canSeeOverview, tasksView } from '../../designer/src/tasks/tasks-view';
import { ROLE_PERMISSIONS } from '../../contracts/permissions';

const ids = (...names: string[]) => names.map((id) => ({ id }));

describe('the agent console’s queue', () => {
  it('opens the next call after one leaves: the one after it, else the one before, else the first', () => {
    expect(nextTaskId(ids('a', 'b', 'c'), 'b', ids('a', 'c'))).toBe('c');
    // The rescheduled call is still in the list, further down: the one after its old place opens, not itself.
    expect(nextTaskId(ids('a', 'b', 'c'), 'a', ids('b', 'c', 'a'))).toBe('b');
    expect(nextTaskId(ids('a', 'b', 'c'), 'c', ids('a', 'b'))).toBe('b');
    expect(nextTaskId(ids('a'), 'a', ids('x', 'y'))).toBe('x');
    expect(nextTaskId(ids('a'), 'a', [])).toBeNull();
    expect(nextTaskId(ids('a'), 'a', ids('a'))).toBeNull();
  });

  it('says whether a call is overdue, due today or later, by the reader’s clock', () => {
    const now = new Date(2026, 5, 10, 14, 0);
    expect(dueState(new Date(2026, 5, 10, 13, 59).toISOString(), now)).toBe('overdue');
    expect(dueState(new Date(2026, 5, 10, 23, 59).toISOString(), now)).toBe('today');
    expect(dueState(new Date(2026, 5, 11, 0, 0).toISOString(), now)).toBe('later');
  });

  it('appends a next page without repeating a call already loaded', () => {
    expect(appendPage(ids('a', 'b'), ids('b', 'c')).map((task) => task.id)).toEqual(['a', 'b', 'c']);
  });

  it('offers the campaigns of the loaded calls by name, keeping the chosen one when it has none loaded', () => {
    const calls = [
      { campaignId: '2', campaignName: 'Sweaters' },
      { campaignId: '1', campaignName: 'Autumn' },
      { campaignId: '2', campaignName: 'Sweaters' },
    ];
    expect(campaignsOf(calls)).toEqual([
      { id: '1', name: 'Autumn' },
      { id: '2', name: 'Sweaters' },
    ]);
    expect(campaignsOf([], { id: '9', name: 'Gone' })).toEqual([{ id: '9', name: 'Gone' }]);
  });

  it('reads a loyalty tier from the contact’s attributes, if any', () => {
    expect(loyaltyTier({ loyalty_tier: 'Gold', tier: 'x' })).toBe('Gold');
    expect(loyaltyTier({ tier: 2 })).toBe('2');
    expect(loyaltyTier({ tier: ' ' })).toBeNull();
    expect(loyaltyTier({})).toBeNull();
  });

  it('turns the date picker’s local time into an instant, and nothing into null', () => {
    expect(localDateTimeToIso('2026-07-01T09:30')).toBe(new Date(2026, 6, 1, 9, 30).toISOString());
    expect(localDateTimeToIso('')).toBeNull();
    expect(localDateTimeToIso('tomorrow')).toBeNull();
  });
});

describe('the owner’s view', () => {
  it('is a tab for designers and admins only, at ?view=overview', () => {
    expect(canSeeOverview(ROLE_PERMISSIONS.designer)).toBe(true);
    expect(canSeeOverview(ROLE_PERMISSIONS.admin)).toBe(true);
    expect(canSeeOverview(ROLE_PERMISSIONS.agent)).toBe(false);
    expect(tasksView(new URL('http://studio.test/tasks?view=overview'), true)).toBe('overview');
    expect(tasksView(new URL('http://studio.test/tasks?view=overview'), false)).toBe('queue');
    expect(tasksView(new URL('http://studio.test/tasks'), true)).toBe('queue');
  });

  it('lists an agent’s outcomes most frequent first', () => {
    expect(outcomeList({ no_answer: 1, interested: 3, callback: 1 })).toBe('interested 3 · callback 1 · no answer 1');
    expect(outcomeList({ objective_met: 2, timeout: 1 })).toBe('objective met 2 · deadline passed 1');
    expect(outcomeList({})).toBe('');
  });
});
