import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createApiToken } from '../../db/api-tokens';
import { SYSTEM_ACTOR } from '../../db/audit';
import { hashPassword } from '../../db/passwords';
import { inTransaction, type Db } from '../../db/pool';
import { openSession } from '../../db/sessions';
import { createUser, type UserRole } from '../../db/users';
import { SESSION_COOKIE } from '../../api/session-cookie';

/** A person of a role with a known password, a live session and an API token of the same role. */
export interface TestCredentials {
  userId: string;
  email: string;
  password: string;
  /** The value of the session cookie, as a browser holds it after signing in. */
  session: string;
  /** An API token acting as the same role (store-bound when the person is). */
  token: string;
}

let people = 0;

/** Create a user of `role` (optionally in a store/team) through the product's own db layer, signed in. */
export async function createSignedInUser(db: Db, role: UserRole, place: { storeId?: string; teamId?: string } = {}): Promise<TestCredentials> {
  people += 1;
  const email = `${role}.${people}.${Date.now()}@staff.example.test`;
  const password = `correct horse ${role} ${people}`;
  const created = await createUser(db, SYSTEM_ACTOR, { email, name: `Test ${role} ${people}`, role, storeId: place.storeId ?? null, teamId: place.teamId ?? null }, await hashPassword(password));
  if (!('user' in created)) throw new Error(`could not create the test ${role}: ${JSON.stringify(created)}`);
  const session = await inTransaction(db, (client) => openSession(client, created.user.id, { address: 'test' }));
  const made = await createApiToken(db, SYSTEM_ACTOR, { name: `tests ${role} ${people}`, role, storeId: place.storeId ?? null });
  if (!('secret' in made)) throw new Error('could not create the test token');
  return { userId: created.user.id, email, password, session, token: made.secret };
}

const actingAs = new WeakMap<FastifyInstance, string>();

/**
 * Make `app.inject` act as `credentials` (by bearer token) unless a call sets its own
 * Authorization or Cookie header: every existing API test signs in this way, the way an
 * integration would. Calling it again switches who the app acts as.
 */
export function injectAs(app: FastifyInstance, credentials: Pick<TestCredentials, 'token'>): void {
  const wrapped = actingAs.has(app);
  actingAs.set(app, credentials.token);
  if (wrapped) return;
  const inject = app.inject.bind(app);
  const signedIn = (options: InjectOptions | string) => {
    const request = typeof options === 'string' ? { url: options } : options;
    const headers: Record<string, string | string[] | number | undefined> = { ...request.headers };
    if (headers.authorization === undefined && headers.cookie === undefined) headers.authorization = `Bearer ${actingAs.get(app)}`;
    return inject({ ...request, headers });
  };
  app.inject = signedIn as FastifyInstance['inject'];
}

/** Create an admin and make `app.inject` act as them; returns the credentials for calls that need them. */
export async function signInAsAdmin(app: FastifyInstance, db: Db): Promise<TestCredentials> {
  const admin = await createSignedInUser(db, 'admin');
  injectAs(app, admin);
  return admin;
}

/** Headers for `fetch` against a listening server as `credentials` (bearer: no CSRF check applies). */
export function bearer(credentials: Pick<TestCredentials, 'token'>): Record<string, string> {
  return { authorization: `Bearer ${credentials.token}` };
}

/** The origin of the app under `inject` (host `localhost:80`): what a browser's writes carry, so the CSRF check lets them by. */
export const OWN_ORIGIN = 'http://localhost:80';

/** The headers of a browser signed in as `credentials` calling the app under `inject`: its session cookie and our Origin. */
export function browserHeaders(credentials: Pick<TestCredentials, 'session'>): { cookie: string; origin: string } {
  return { cookie: sessionCookie(credentials), origin: OWN_ORIGIN };
}

/** The Cookie header of a signed-in browser. */
export function sessionCookie(credentials: Pick<TestCredentials, 'session'>): string {
  return `${SESSION_COOKIE}=${credentials.session}`;
}

/** A new page in its own context holding `credentials`' session cookie for `baseUrl`, as after signing in. */
export async function signedInPage(browser: Browser, baseUrl: string, credentials: Pick<TestCredentials, 'session'>, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: SESSION_COOKIE, value: credentials.session, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}
