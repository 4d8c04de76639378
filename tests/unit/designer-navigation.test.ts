import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../../contracts/permissions';
import { canOpen, homePath, NAV_ITEMS, navItemsFor, pagePermission } from '../../designer/src/app/navigation';
import { matchRoute } from '../../designer/src/app/routes';

const labelsFor = (role: Role) => navItemsFor(ROLE_PERMISSIONS[role]).map((item) => item.label);
const route = (path: string) => matchRoute(new URL(path, 'http://studio.test')).page;

describe('the top bar drawn from the permission matrix', () => {
  it('shows each role exactly its sections', () => {
    expect(labelsFor('admin')).toEqual(['Flows', 'Campaigns', 'Budgets', 'Reports', 'Contacts', 'Segments', 'Templates', 'Import', 'Outbox', 'My tasks', 'Reviews', 'People', 'Audit log', 'API docs']);
    expect(labelsFor('designer')).toEqual(['Flows', 'Campaigns', 'Contacts', 'Segments', 'Templates', 'Import', 'Outbox', 'My tasks', 'Reviews', 'API docs']);
    expect(labelsFor('agent')).toEqual(['Contacts', 'My tasks', 'API docs']);
    expect(labelsFor('budget_owner')).toEqual(['Flows', 'Campaigns', 'Budgets', 'Reports', 'Segments', 'Templates', 'API docs']);
  });

  it('follows the permissions, not the role: one permission more or less changes the bar', () => {
    const agent = ROLE_PERMISSIONS.agent;
    expect(navItemsFor([...agent, 'audit:read']).map((item) => item.label)).toContain('Audit log');
    expect(navItemsFor(agent.filter((permission) => permission !== 'contacts:read')).map((item) => item.label)).toEqual(['My tasks', 'API docs']);
    expect(navItemsFor([]).map((item) => item.label)).toEqual(['API docs']);
  });

  it('guards every page of the router with the permission of its section', () => {
    expect(pagePermission(route('/flows/abc'))).toBe('flows:read');
    expect(pagePermission(route('/contacts/abc'))).toBe('contacts:read');
    expect(pagePermission(route('/segments/new'))).toBe('segments:read');
    expect(pagePermission(route('/people'))).toBe('users:manage');
    expect(pagePermission(route('/audit'))).toBe('audit:read');
    expect(pagePermission(route('/reviews'))).toBe('reviews:work');
    expect(pagePermission(route('/reviews/abc'))).toBe('reviews:work');
    expect(route('/templates/new')).toBe('template');
    expect(pagePermission(route('/templates/abc'))).toBe('templates:read');
    expect(pagePermission(route('/salutations'))).toBe('templates:read');
    expect(canOpen(route('/templates'), ROLE_PERMISSIONS.agent)).toBe(false);
    expect(canOpen(route('/reviews/abc'), ROLE_PERMISSIONS.agent)).toBe(false);
    expect(pagePermission(route('/sign-in'))).toBeNull();
    expect(canOpen(route('/import'), ROLE_PERMISSIONS.budget_owner)).toBe(false);
    expect(canOpen(route('/contacts'), ROLE_PERMISSIONS.agent)).toBe(true);
    expect(canOpen(route('/flows'), ROLE_PERMISSIONS.agent)).toBe(false);
    expect(canOpen(route('/nowhere'), [])).toBe(true);
  });

  it('names only permissions the API knows, each section once', () => {
    const all = new Set<Permission>(ROLE_PERMISSIONS.admin);
    for (const item of NAV_ITEMS) if (item.permission) expect(all.has(item.permission), item.label).toBe(true);
    const pages = NAV_ITEMS.flatMap((item) => item.pages);
    expect(new Set(pages).size).toBe(pages.length);
  });

  it("opens each role's home, and falls back to a section the person may open", () => {
    const home = (role: Role) => homePath({ role, permissions: ROLE_PERMISSIONS[role] });
    expect(home('admin')).toBe('/flows');
    expect(home('designer')).toBe('/flows');
    expect(home('agent')).toBe('/tasks');
    expect(home('budget_owner')).toBe('/budget');
    expect(homePath({ role: 'agent', permissions: ['contacts:read'] })).toBe('/contacts');
  });
});
