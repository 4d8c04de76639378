import type { Permission, Role } from '../../../contracts/permissions';
import type { Route } from './routes';

/** One entry of the top bar. */
export interface NavItem {
  label: string;
  href: string;
  /** The pages the entry stands for (marked current there); none for a page the server renders. */
  pages: readonly Route['page'][];
  /** What the signed-in person needs to see the entry; null: everyone. */
  permission: Permission | null;
}

/**
 * The designer's sections, in top-bar order, each with the permission the API asks for when
 * its page loads: the one table that both draws the navigation and guards the pages, read from
 * the principal's `permissions` (contracts/permissions.ts), never from role names.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Flows', href: '/flows', pages: ['flows', 'editor'], permission: 'flows:read' },
  { label: 'Campaigns', href: '/campaigns', pages: ['campaigns'], permission: 'campaigns:read' },
  { label: 'Budgets', href: '/budget', pages: ['budget', 'plan', 'analysis', 'unit-costs'], permission: 'reports:read' },
  { label: 'Reports', href: '/reports', pages: ['reports', 'report'], permission: 'reports:read' },
  { label: 'Contacts', href: '/contacts', pages: ['contacts', 'contact'], permission: 'contacts:read' },
  { label: 'Segments', href: '/segments', pages: ['segments', 'segment'], permission: 'segments:read' },
  { label: 'Templates', href: '/templates', pages: ['templates', 'template', 'salutations'], permission: 'templates:read' },
  { label: 'Import', href: '/import', pages: ['import'], permission: 'imports:run' },
  { label: 'Outbox', href: '/outbox', pages: ['outbox'], permission: 'outbox:read' },
  { label: 'My tasks', href: '/tasks', pages: ['tasks'], permission: 'tasks:own' },
  { label: 'Reviews', href: '/reviews', pages: ['reviews', 'review'], permission: 'reviews:work' },
  { label: 'People', href: '/people', pages: ['people'], permission: 'users:manage' },
  { label: 'Audit log', href: '/audit', pages: ['audit'], permission: 'audit:read' },
  // Swagger UI, served by the API: a full page load, open to everyone signed in.
  { label: 'API docs', href: '/docs', pages: [], permission: null },
];

/** The top-bar entries a person with these permissions sees. */
export function navItemsFor(permissions: readonly Permission[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permission === null || permissions.includes(item.permission));
}

/** The permission a page needs, or null for a page anyone (signed in or not) may open. */
export function pagePermission(page: Route['page']): Permission | null {
  return NAV_ITEMS.find((item) => item.pages.includes(page))?.permission ?? null;
}

export function canOpen(page: Route['page'], permissions: readonly Permission[]): boolean {
  const needed = pagePermission(page);
  return needed === null || permissions.includes(needed);
}

/** Where each role starts: an agent at their tasks, a budget owner at the budgets (issue 12), the others at the flows. */
const HOME_BY_ROLE: Readonly<Record<Role, string>> = {
  admin: '/flows',
  designer: '/flows',
  agent: '/tasks',
  budget_owner: '/budget',
};

/**
 * The page `/` opens for this person: their role's home when they may open it, else the first
 * section they may (so a future change of the matrix never lands anyone on a refusal).
 */
export function homePath(principal: { role: Role; permissions: readonly Permission[] }): string {
  const home = HOME_BY_ROLE[principal.role];
  const homeItem = NAV_ITEMS.find((item) => item.href === home);
  if (!homeItem?.permission || principal.permissions.includes(homeItem.permission)) return home;
  return navItemsFor(principal.permissions).find((item) => item.pages.length > 0)?.href ?? '/docs';
}
