import type { Static } from '@sinclair/typebox';
import type { UserRoleSchema } from './user';

export type Role = Static<typeof UserRoleSchema>;

/**
 * Every permission a route can need: the one table the API enforces (api/plugins/auth.ts) and
 * the designer reads to draw its navigation. `public` needs no sign-in, `signed-in` any
 * principal; the others are granted by role below.
 */
export const PERMISSIONS = [
  'contacts:read', // contacts, their history and events, in the reader's scope
  'contacts:edit', // change a contact's details
  'contacts:events', // log an event (a call, a note) on a contact
  'contacts:create', // add contacts one by one or in bulk
  'contacts:export', // download contacts as CSV
  'consent:write', // subscriptions and consent records
  'suppressions:read',
  'suppressions:write',
  'crm:read', // companies, leads, opportunities, orders, products, prices, topics, lists, stores, teams, ABC
  'crm:write',
  'segments:read',
  'segments:write',
  'segments:preview', // see the contacts a rule or segment selects (names, e-mails)
  'templates:read',
  'templates:write',
  'flows:read',
  'flows:write',
  'campaigns:read',
  'campaigns:write',
  'runs:read',
  'runs:control', // start, pause, resume, cancel
  'reviews:work', // review tasks over generated messages
  'tasks:own', // the signed-in person's own task queue
  'imports:run',
  'outbox:read',
  'reports:read', // costs, ROI and reports
  'budgets:write', // campaign plans and budgets
  'users:read', // names and roles of staff (assignment pickers)
  'users:manage', // create, edit, disable users; reset links
  'org:manage', // stores and teams
  'tokens:manage',
  'audit:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What a route declares: a permission, or one of the two levels below any permission. */
export type RouteAccess = Permission | 'public' | 'signed-in';

const DESIGNER: readonly Permission[] = [
  'contacts:read', 'contacts:edit', 'contacts:events', 'contacts:create', 'contacts:export',
  'consent:write', 'suppressions:read', 'suppressions:write', 'crm:read', 'crm:write',
  'segments:read', 'segments:write', 'segments:preview', 'templates:read', 'templates:write', 'flows:read', 'flows:write',
  'campaigns:read', 'campaigns:write', 'runs:read', 'runs:control', 'reviews:work', 'tasks:own',
  'imports:run', 'outbox:read', 'users:read',
];

/** The permission matrix: what each role may do. An admin may do everything. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  designer: DESIGNER,
  agent: ['tasks:own', 'contacts:read', 'contacts:edit', 'contacts:events'],
  budget_owner: ['campaigns:read', 'flows:read', 'runs:read', 'templates:read', 'segments:read', 'reports:read', 'budgets:write'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
