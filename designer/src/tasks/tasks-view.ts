import type { Permission } from '../../../contracts/permissions';

export type TasksView = 'queue' | 'overview';

export const TASKS_VIEWS: readonly { view: TasksView; label: string; href: string }[] = [
  { view: 'queue', label: 'My queue', href: '/tasks' },
  { view: 'overview', label: 'Overview', href: '/tasks?view=overview' },
];

/** The owner's view reads the summary (runs:read) and offers the campaigns (campaigns:read): designers and admins. */
export function canSeeOverview(permissions: readonly Permission[]): boolean {
  return permissions.includes('runs:read') && permissions.includes('campaigns:read');
}

/** Which tab the address asks for; the queue for anyone who may not see the overview. */
export function tasksView(url: URL, overviewAllowed: boolean): TasksView {
  return overviewAllowed && url.searchParams.get('view') === 'overview' ? 'overview' : 'queue';
}
