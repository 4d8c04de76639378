/**
 * People and access in Chromium against the real stack: each of the four roles is sent from `/`
 * to the sign-in page, signs in, lands on its home, sees exactly its sections in the top bar
 * (those it lacks are absent), and signs out; a wrong password is said; a deep link opened while
 * signed out, or a call refused because the session ended, comes back after sign-in; a page the
 * role lacks says so; an admin adds a person in People, hands them the reset link, and that
 * person sets a password and signs in with it; the audit log, filtered, shows and exports who
 * created each person. Users are made with known passwords through the db layer (db/users.ts). Fails, never skips,
 * when Chromium is missing.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/permissions';
import { SYSTEM_ACTOR } from '../../db/audit';
import { hashPassword } from '../../db/passwords';
import { createUser } from '../../db/users';
import { useBrowserStack, type BrowserStack } from '../support/browser-stack';
import { bearer } from '../support/sign-in';

interface Person {
  name: string;
  email: string;
  password: string;
  roleLabel: string;
  /** Where signing in lands, and the heading there. */
  home: { path: string; heading: string };
  /** The top bar, in order: every section the role has, and no other. */
  nav: string[];
}

const ALL_SECTIONS = ['Flows', 'Campaigns', 'Budgets', 'Reports', 'Contacts', 'Segments', 'Templates', 'Import', 'Outbox', 'My tasks', 'Reviews', 'People', 'Audit log', 'API docs'];

const PEOPLE: Record<Role, Person> = {
  admin: { name: 'Ada Admin', email: 'ada.admin@roles.example.test', password: 'admin passphrase one', roleLabel: 'Admin', home: { path: '/flows', heading: 'Flows' }, nav: ALL_SECTIONS },
  designer: {
    name: 'Dan Designer',
    email: 'dan.designer@roles.example.test',
    password: 'designer passphrase two',
    roleLabel: 'Designer',
    home: { path: '/flows', heading: 'Flows' },
    nav: ['Flows', 'Campaigns', 'Contacts', 'Segments', 'Templates', 'Import', 'Outbox', 'My tasks', 'Reviews', 'API docs'],
  },
  agent: { name: 'Ana Agent', email: 'ana.agent@roles.example.test', password: 'agent passphrase three', roleLabel: 'Agent', home: { path: '/tasks', heading: 'My tasks' }, nav: ['Contacts', 'My tasks', 'API docs'] },
  budget_owner: {
    name: 'Bob Budget',
    email: 'bob.budget@roles.example.test',
    password: 'budget passphrase four',
    roleLabel: 'Budget owner',
    home: { path: '/budget', heading: 'Budgets' },
    nav: ['Flows', 'Campaigns', 'Budgets', 'Reports', 'Segments', 'Templates', 'API docs'],
  },
};

let running: BrowserStack;
/** Script errors of the current test's pages: none may happen. */
const pageErrors: string[] = [];

/** A page in a context of its own: no cookie, as a new visitor. */
async function freshPage(): Promise<Page> {
  const context = await running.browser().newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function signIn(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const pathOf = (page: Page) => new URL(page.url()).pathname;
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('sign-in and navigation by role in Chromium', () => {
  running = useBrowserStack({ seed: false });

  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  beforeAll(async () => {
    for (const [role, person] of Object.entries(PEOPLE) as [Role, Person][]) {
      const created = await createUser(running.stack().db, SYSTEM_ACTOR, { email: person.email, name: person.name, role }, await hashPassword(person.password));
      if (!('user' in created)) throw new Error(`could not create the ${role}: ${JSON.stringify(created)}`);
    }
  });

  for (const [role, person] of Object.entries(PEOPLE) as [Role, Person][]) {
    it(`${role}: from / to sign-in, home, exactly the role's sections, sign out`, async () => {
      const page = await freshPage();
      await page.goto(`${running.baseUrl()}/`);
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

      await signIn(page, person);
      await page.waitForURL((url) => url.pathname === person.home.path);
      await page.getByRole('heading', { level: 1, name: person.home.heading, exact: true }).waitFor();

      const nav = mainNav(page);
      await nav.getByRole('link').first().waitFor();
      expect(await nav.getByRole('link').allTextContents()).toEqual(person.nav);
      for (const section of ALL_SECTIONS.filter((label) => !person.nav.includes(label))) {
        expect(await nav.getByRole('link', { name: section, exact: true }).count(), `${role} must not see ${section}`).toBe(0);
      }

      const menu = page.getByRole('button', { name: `Account: ${person.name}, ${person.roleLabel}` });
      await menu.click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();

      // The session is gone on the server too: the start page asks to sign in again.
      await page.goto(`${running.baseUrl()}/`);
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.context().close();
    });
  }

  it("shows a budget owner the segments without counting them (a count lists contacts, which the role may not see)", async () => {
    const created = await fetch(`${running.baseUrl()}/api/segments`, {
      method: 'POST',
      headers: { ...bearer(running.stack().admin), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Customers', rule: { kind: 'customer', value: true } }),
    });
    expect(created.status).toBe(201);
    const page = await freshPage();
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url());
    });
    await page.goto(`${running.baseUrl()}/segments`);
    await signIn(page, PEOPLE.budget_owner);
    await page.waitForURL((url) => url.pathname === '/segments');
    await page.getByRole('cell', { name: 'Customers' }).waitFor();
    expect(await page.getByRole('button', { name: 'Count Customers' }).count()).toBe(0);
    expect(refused).toEqual([]);
    await page.context().close();
  });

  it('says a wrong password plainly, and stays on the sign-in page', async () => {
    const page = await freshPage();
    await page.goto(`${running.baseUrl()}/sign-in`);
    await signIn(page, { email: PEOPLE.designer.email, password: 'not the password at all' });
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong e-mail or password.');
    expect(pathOf(page)).toBe('/sign-in');
    // An unknown e-mail gets the very same words.
    await signIn(page, { email: 'nobody@roles.example.test', password: 'whatever it is here' });
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong e-mail or password.');
    await page.context().close();
  });

  it('returns to a deep link after signing in, and after a session ends mid-visit; refuses a page the role lacks', async () => {
    const page = await freshPage();
    await page.goto(`${running.baseUrl()}/contacts?q=ana`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/contacts?q=ana');

    await signIn(page, PEOPLE.agent);
    await page.waitForURL((url) => url.pathname === '/contacts' && url.searchParams.get('q') === 'ana');
    await page.getByRole('heading', { level: 1, name: 'Contacts', exact: true }).waitFor();

    // The session ends while the page is open (the cookie is gone): the next call's 401, not a
    // page load, sends the agent to sign in, and back to where they were going.
    await mainNav(page).getByRole('link', { name: 'My tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await page.context().clearCookies();
    await mainNav(page).getByRole('link', { name: 'Contacts' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/contacts');
    await signIn(page, PEOPLE.agent);
    await page.waitForURL((url) => url.pathname === '/contacts');
    await page.getByRole('heading', { level: 1, name: 'Contacts', exact: true }).waitFor();

    await page.goto(`${running.baseUrl()}/people`);
    await page.getByText('Your role (Agent) cannot open this page.').waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'People' }).count()).toBe(0);
    await page.context().close();
  });

  it('an admin adds a person in People and hands them a reset link, with which they set a password and sign in', async () => {
    const admin = await freshPage();
    await admin.goto(`${running.baseUrl()}/people`);
    await admin.waitForURL((url) => url.pathname === '/sign-in');
    await signIn(admin, PEOPLE.admin);
    await admin.waitForURL((url) => url.pathname === '/people');
    await admin.getByRole('tab', { name: 'Users', selected: true }).waitFor();

    const form = admin.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill('Nora Newcomer');
    await form.getByLabel('E-mail').fill('nora.newcomer@roles.example.test');
    await form.getByLabel('Role').selectOption({ label: 'Agent' });
    await form.getByRole('button', { name: 'Create user' }).click();

    const notice = admin.getByRole('region', { name: 'Reset link for Nora Newcomer' });
    await notice.waitFor();
    const link = await notice.getByLabel('Reset link for Nora Newcomer').inputValue();
    expect(link.startsWith(`${running.baseUrl()}/reset-password?token=`), link).toBe(true);
    const row = admin.getByRole('row', { name: 'Nora Newcomer' });
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['nora.newcomer@roles.example.test', 'Agent', 'Never', 'No password yet']));
    await admin.context().close();

    const newcomer = await freshPage();
    await newcomer.goto(link);
    await newcomer.getByText('For Nora Newcomer (nora.newcomer@roles.example.test)').waitFor();
    await newcomer.getByLabel('New password', { exact: true }).fill('nora sets this one');
    await newcomer.getByLabel('New password again').fill('nora sets this one');
    await newcomer.getByRole('button', { name: 'Set password' }).click();
    await newcomer.waitForURL((url) => url.pathname === '/sign-in');
    await newcomer.getByRole('status').filter({ hasText: 'Your password is set.' }).waitFor();
    await signIn(newcomer, { email: 'nora.newcomer@roles.example.test', password: 'nora sets this one' });
    await newcomer.waitForURL((url) => url.pathname === '/tasks');

    // The link worked once: opened again it says so.
    await newcomer.goto(link);
    await newcomer.getByText(/has expired or has already been used/).waitFor();
    await newcomer.context().close();
  });

  it('the audit log lists who created each person, filtered, and exports the same filter as CSV', async () => {
    const page = await freshPage();
    await page.goto(`${running.baseUrl()}/audit`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await signIn(page, PEOPLE.admin);
    await page.waitForURL((url) => url.pathname === '/audit');

    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Entity').fill('user');
    await filters.getByLabel('Action').fill('user.create');
    await filters.getByRole('button', { name: 'Apply' }).click();
    const table = page.locator('table.audit-table');
    for (const person of Object.values(PEOPLE)) await table.getByText(`email: ${person.email}`).waitFor();
    expect(new Set(await table.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['user.create']));

    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    const exportUrl = new URL((await exportLink.getAttribute('href'))!, running.baseUrl());
    expect(Object.fromEntries(exportUrl.searchParams)).toEqual({ entity: 'user', action: 'user.create' });
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    const rows: Record<string, string>[] = parse(await readFile((await download.path())!), { columns: true });
    expect(new Set(rows.map((row) => row.action))).toEqual(new Set(['user.create']));
    for (const person of Object.values(PEOPLE)) expect(rows.some((row) => row.diff!.includes(person.email)), person.email).toBe(true);
    await page.context().close();
  });
});
