/**
 * Sign-in, sessions, reset links and API tokens as a person, an attacker or an integration meets
 * them over HTTP (Fastify inject, real Postgres): the session cookie's flags, one answer for every
 * failed sign-in, lock-outs per e-mail and per address, sessions that end on disable, password
 * change and reset, tokens stored hashed and revocable, and the Origin check on cookie writes.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SIGN_IN_RATE_LIMIT } from '../../api/routes/auth';
import { SESSION_COOKIE } from '../../api/session-cookie';
import { SIGN_IN_FAILURE_LIMIT } from '../../db/sign-in-failures';
import type { UserRole } from '../../db/users';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { bearer, createSignedInUser, OWN_ORIGIN, sessionCookie, type TestCredentials } from '../support/sign-in';

/** inject's host is localhost:80: what the app's own pages send as Origin. */
const PUBLIC_URL = 'https://studio.example.test';

let addresses = 0;
/** A client address of its own per test: the per-address limit must not carry from one test to another. */
function newAddress(): string {
  addresses += 1;
  return `198.51.100.${addresses}`;
}

describe('sign-in, sessions and tokens', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let admin: TestCredentials;

  beforeAll(async () => {
    database = await createTestDatabase('cs_sign_in');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    admin = await createSignedInUser(database.db, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  function signIn(email: string, password: string, address: string, on: FastifyInstance = app): Promise<LightMyRequestResponse> {
    return on.inject({ method: 'POST', url: '/api/auth/sign-in', remoteAddress: address, payload: { email, password } });
  }

  /** The session cookie a response set, as a browser keeps it. */
  function sessionSet(response: LightMyRequestResponse) {
    const cookie = response.cookies.find((candidate) => candidate.name === SESSION_COOKIE);
    if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
    return cookie;
  }

  function me(session: string): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie({ session }) } });
  }

  /** A write as the admin, by API token (no Origin check applies). */
  function asAdmin(options: InjectOptions): Promise<LightMyRequestResponse> {
    return app.inject({ ...options, headers: { ...bearer(admin), ...options.headers } });
  }

  async function person(role: UserRole = 'designer'): Promise<TestCredentials> {
    return createSignedInUser(database.db, role);
  }

  async function resetLink(userId: string): Promise<string> {
    const response = await asAdmin({ method: 'POST', url: `/api/users/${userId}/reset-link` });
    expect(response.statusCode).toBe(201);
    return new URL(response.json<{ url: string }>().url).searchParams.get('token')!;
  }

  it('signs in with an HttpOnly, SameSite=Lax cookie that me answers to, and signs out', async () => {
    const user = await person();
    const signedIn = await signIn(user.email.toUpperCase(), user.password, newAddress());
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ kind: 'user', id: user.userId, email: user.email, role: 'designer' });
    const cookie = sessionSet(signedIn);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // Served over plain http (npm start): a Secure cookie would never come back.
    expect(cookie.secure).toBeFalsy();
    expect((await me(cookie.value)).json()).toMatchObject({ id: user.userId, role: 'designer' });

    const out = await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: sessionCookie({ session: cookie.value }), origin: OWN_ORIGIN } });
    expect(out.statusCode).toBe(204);
    expect(sessionSet(out).value).toBe('');
    // Ended on the server, not only forgotten by the browser: the old cookie no longer signs in.
    const after = await me(cookie.value);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it("refuses a sign-in posted from another site's page (login CSRF), not one from a script that states no origin", async () => {
    const user = await person();
    const forged = await app.inject({ method: 'POST', url: '/api/auth/sign-in', remoteAddress: newAddress(), headers: { origin: 'https://evil.example' }, payload: { email: user.email, password: user.password } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    expect(forged.headers['set-cookie']).toBeUndefined();
    const ours = await app.inject({ method: 'POST', url: '/api/auth/sign-in', remoteAddress: newAddress(), headers: { origin: OWN_ORIGIN }, payload: { email: user.email, password: user.password } });
    expect(ours.statusCode).toBe(200);
    expect((await signIn(user.email, user.password, newAddress())).statusCode).toBe(200);
  });

  it('ends the session a browser already holds when it signs in again', async () => {
    const first = await person();
    const second = await person('agent');
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: newAddress(),
      headers: { cookie: sessionCookie({ session: first.session }), origin: OWN_ORIGIN },
      payload: { email: second.email, password: second.password },
    });
    expect(again.statusCode).toBe(200);
    expect((await me(sessionSet(again).value)).json()).toMatchObject({ id: second.userId });
    expect((await me(first.session)).statusCode).toBe(401);
  });

  it('signs nobody in with a session past its expiry', async () => {
    const user = await person();
    expect((await me(user.session)).statusCode).toBe(200);
    await database.db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1", [user.userId]);
    expect((await me(user.session)).statusCode).toBe(401);
  });

  it('makes the cookie Secure when the product is served over https', async () => {
    const secureApp = await buildApp({ db: database.db, temporal, taskQueue: 'unused', publicUrl: PUBLIC_URL });
    try {
      const user = await person();
      const signedIn = await signIn(user.email, user.password, newAddress(), secureApp);
      expect(signedIn.statusCode).toBe(200);
      expect(sessionSet(signedIn)).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });
    } finally {
      await secureApp.close();
    }
  });

  it('answers no such user, a wrong password, a disabled user and a user without password byte for byte alike', async () => {
    const address = newAddress();
    const wrongPassword = await person();
    const disabled = await person();
    expect((await asAdmin({ method: 'PATCH', url: `/api/users/${disabled.userId}`, payload: { disabled: true } })).statusCode).toBe(200);
    const invited = await asAdmin({ method: 'POST', url: '/api/users', payload: { email: `invited.${randomUUID()}@staff.example.test`, name: 'Invited, no password yet', role: 'agent' } });
    expect(invited.json()).toMatchObject({ hasPassword: false });

    const answers = [
      await signIn(`nobody.${randomUUID()}@staff.example.test`, 'some password or other', address),
      await signIn(wrongPassword.email, 'not the password', address),
      await signIn(disabled.email, disabled.password, address),
      await signIn(invited.json<{ email: string }>().email, 'any password at all', address),
    ];
    expect(answers[0]!.statusCode).toBe(401);
    expect(answers[0]!.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    for (const answer of answers) {
      expect(answer.statusCode).toBe(answers[0]!.statusCode);
      expect(answer.headers['content-type']).toBe(answers[0]!.headers['content-type']);
      expect(answer.body).toBe(answers[0]!.body);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it(`locks an e-mail after ${SIGN_IN_FAILURE_LIMIT} wrong passwords, even for the right one, while others still sign in`, async () => {
    const address = newAddress();
    const target = await person();
    const bystander = await person();
    for (let attempt = 0; attempt < SIGN_IN_FAILURE_LIMIT; attempt += 1) {
      expect((await signIn(target.email, `guess number ${attempt}`, address)).statusCode).toBe(401);
    }
    const locked = await signIn(target.email, target.password, address);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(locked.headers['set-cookie']).toBeUndefined();
    // Other e-mails, from the very same address, are not locked out.
    expect((await signIn(bystander.email, bystander.password, address)).statusCode).toBe(200);

    // A locked e-mail nobody has reads exactly like a locked account.
    const nobody = `nobody.${randomUUID()}@staff.example.test`;
    for (let attempt = 0; attempt < SIGN_IN_FAILURE_LIMIT; attempt += 1) await signIn(nobody, `guess number ${attempt}`, address);
    const lockedNobody = await signIn(nobody, 'one more guess', address);
    expect(lockedNobody.statusCode).toBe(429);
    expect(lockedNobody.body).toBe(locked.body);
  });

  it('counts wrong passwords sent all at once: parallel guesses get no more than the limit', async () => {
    const target = await person();
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, index) => signIn(target.email, `parallel guess ${index}`, newAddress())));
    const statuses = guesses.map((guess) => guess.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(SIGN_IN_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - SIGN_IN_FAILURE_LIMIT);
    expect((await signIn(target.email, target.password, newAddress())).statusCode).toBe(429);
  });

  it(`refuses sign-in number ${SIGN_IN_RATE_LIMIT + 1} from one address within a minute, whatever the e-mails`, async () => {
    const address = newAddress();
    const user = await person();
    for (let attempt = 0; attempt < SIGN_IN_RATE_LIMIT; attempt += 1) {
      expect((await signIn(`spray.${attempt}.${randomUUID()}@staff.example.test`, 'password123', address)).statusCode).toBe(401);
    }
    const refused = await signIn(user.email, user.password, address);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(refused.headers['retry-after']).toBeDefined();
    // The limit is the address's: the same person from another address signs in.
    expect((await signIn(user.email, user.password, newAddress())).statusCode).toBe(200);
  });

  it("ends a disabled person's sessions at once, and enabling them again does not bring the sessions back", async () => {
    const user = await person();
    expect((await me(user.session)).statusCode).toBe(200);
    const disabled = await asAdmin({ method: 'PATCH', url: `/api/users/${user.userId}`, payload: { disabled: true } });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await me(user.session)).statusCode).toBe(401);
    const write = await app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: sessionCookie(user), origin: OWN_ORIGIN }, payload: { currentPassword: user.password, newPassword: 'a new password entirely' } });
    expect(write.statusCode).toBe(401);

    expect((await asAdmin({ method: 'PATCH', url: `/api/users/${user.userId}`, payload: { disabled: false } })).statusCode).toBe(200);
    expect((await me(user.session)).statusCode).toBe(401);
    expect((await signIn(user.email, user.password, newAddress())).statusCode).toBe(200);
  });

  it("ends the person's other sessions on a password change, not the one they changed it in", async () => {
    const user = await person();
    const address = newAddress();
    const laptop = sessionSet(await signIn(user.email, user.password, address)).value;
    const phone = sessionSet(await signIn(user.email, user.password, address)).value;
    const newPassword = 'a much better passphrase';

    const wrongCurrent = await app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: sessionCookie({ session: laptop }), origin: OWN_ORIGIN }, payload: { currentPassword: 'not it at all', newPassword } });
    expect(wrongCurrent.statusCode).toBe(422);
    expect((await me(phone)).statusCode).toBe(200);

    const changed = await app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: sessionCookie({ session: laptop }), origin: OWN_ORIGIN }, payload: { currentPassword: user.password, newPassword } });
    expect(changed.statusCode).toBe(204);
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(user.session)).statusCode).toBe(401);
    expect((await signIn(user.email, user.password, address)).statusCode).toBe(401);
    expect((await signIn(user.email, newPassword, address)).statusCode).toBe(200);
  });

  it('lets a reset link set a password once, ending every session of that person', async () => {
    const user = await person();
    const token = await resetLink(user.userId);
    const checked = await app.inject({ method: 'GET', url: `/api/auth/reset/${token}`, remoteAddress: newAddress() });
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({ email: user.email });

    const newPassword = 'set through the link';
    const used = await app.inject({ method: 'POST', url: '/api/auth/reset', remoteAddress: newAddress(), payload: { token, newPassword } });
    expect(used.statusCode).toBe(204);
    expect((await me(user.session)).statusCode).toBe(401);
    expect((await signIn(user.email, user.password, newAddress())).statusCode).toBe(401);
    expect((await signIn(user.email, newPassword, newAddress())).statusCode).toBe(200);

    const again = await app.inject({ method: 'POST', url: '/api/auth/reset', remoteAddress: newAddress(), payload: { token, newPassword: 'a second try at it' } });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'RESET_LINK_GONE' });
    expect((await app.inject({ method: 'GET', url: `/api/auth/reset/${token}`, remoteAddress: newAddress() })).statusCode).toBe(410);
    expect((await signIn(user.email, newPassword, newAddress())).statusCode).toBe(200);
  });

  it('refuses an expired reset link (410) and an unknown one (404), changing nothing', async () => {
    const user = await person();
    const token = await resetLink(user.userId);
    await database.db.query("UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [user.userId]);
    const checked = await app.inject({ method: 'GET', url: `/api/auth/reset/${token}`, remoteAddress: newAddress() });
    expect(checked.statusCode).toBe(410);
    expect(checked.json()).toMatchObject({ code: 'RESET_LINK_GONE' });
    const used = await app.inject({ method: 'POST', url: '/api/auth/reset', remoteAddress: newAddress(), payload: { token, newPassword: 'too late for this' } });
    expect(used.statusCode).toBe(410);

    const unknown = 'x'.repeat(43);
    expect((await app.inject({ method: 'GET', url: `/api/auth/reset/${unknown}`, remoteAddress: newAddress() })).statusCode).toBe(404);
    const usedUnknown = await app.inject({ method: 'POST', url: '/api/auth/reset', remoteAddress: newAddress(), payload: { token: unknown, newPassword: 'never set at all' } });
    expect(usedUnknown.statusCode).toBe(404);
    expect(usedUnknown.json()).toMatchObject({ code: 'RESET_LINK_UNKNOWN' });

    expect((await me(user.session)).statusCode).toBe(200);
    expect((await signIn(user.email, user.password, newAddress())).statusCode).toBe(200);
  });

  it('unlocks a locked-out e-mail once its person sets a password with a reset link', async () => {
    const address = newAddress();
    const user = await person();
    for (let attempt = 0; attempt < SIGN_IN_FAILURE_LIMIT; attempt += 1) await signIn(user.email, `guess ${attempt}`, address);
    expect((await signIn(user.email, user.password, address)).statusCode).toBe(429);
    // The lock-out's own message sends the person to an admin for a reset link: it must work.
    const token = await resetLink(user.userId);
    const newPassword = 'unlocked by the link';
    expect((await app.inject({ method: 'POST', url: '/api/auth/reset', remoteAddress: address, payload: { token, newPassword } })).statusCode).toBe(204);
    expect((await signIn(user.email, newPassword, address)).statusCode).toBe(200);
  });

  it('shows a token its secret once, stores only its hash, and refuses it once revoked', async () => {
    const created = await asAdmin({ method: 'POST', url: '/api/tokens', payload: { name: 'warehouse sync', role: 'designer' } });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json<{ token: { id: string; prefix: string }; secret: string }>();
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(secret.length).toBeGreaterThan(token.prefix.length + 20);

    const listed = await asAdmin({ method: 'GET', url: '/api/tokens' });
    expect(listed.json<{ items: { id: string; prefix: string }[] }>().items.find((item) => item.id === token.id)).toMatchObject({ prefix: token.prefix });
    expect(listed.body).not.toContain(secret);
    const { rows } = await database.db.query<{ row: string }>('SELECT row_to_json(t)::text AS row FROM api_tokens t WHERE id = $1', [token.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(secret);
    expect(rows[0]!.row).not.toContain(secret.slice(token.prefix.length));

    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${secret}` } })).json()).toMatchObject({ kind: 'token', role: 'designer' });
    expect((await asAdmin({ method: 'DELETE', url: `/api/tokens/${token.id}` })).statusCode).toBe(204);
    const refused = await app.inject({ method: 'GET', url: '/api/flows', headers: { authorization: `Bearer ${secret}` } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('refuses a cookie-authenticated write without our Origin, and needs none for a bearer token', async () => {
    const newStore = () => ({ code: `S-${randomUUID().slice(0, 8)}`, name: 'Origin check store' });
    const cookie = sessionCookie(admin);
    for (const origin of [undefined, 'https://evil.example', 'null', 'http://localhost:8080']) {
      const headers = origin === undefined ? { cookie } : { cookie, origin };
      const refused = await app.inject({ method: 'POST', url: '/api/stores', headers, payload: newStore() });
      expect(refused.statusCode, `Origin ${origin}`).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    }
    expect((await app.inject({ method: 'POST', url: '/api/stores', headers: { cookie, referer: 'https://evil.example/page' }, payload: newStore() })).statusCode).toBe(403);

    expect((await app.inject({ method: 'POST', url: '/api/stores', headers: { cookie, origin: OWN_ORIGIN }, payload: newStore() })).statusCode).toBe(201);
    // Without Origin, a same-origin Referer will do (older browsers send only that).
    expect((await app.inject({ method: 'POST', url: '/api/stores', headers: { cookie, referer: `${OWN_ORIGIN}/people` }, payload: newStore() })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/stores', headers: bearer(admin), payload: newStore() })).statusCode).toBe(201);
    // Reads need no Origin.
    expect((await app.inject({ method: 'GET', url: '/api/stores', headers: { cookie } })).statusCode).toBe(200);
  });

  it("accepts PUBLIC_URL's origin for cookie writes when the product sits behind it", async () => {
    const behindProxy = await buildApp({ db: database.db, temporal, taskQueue: 'unused', publicUrl: PUBLIC_URL });
    try {
      const headers = (origin: string) => ({ cookie: sessionCookie(admin), origin });
      const store = () => ({ code: `P-${randomUUID().slice(0, 8)}`, name: 'Behind the proxy' });
      expect((await behindProxy.inject({ method: 'POST', url: '/api/stores', headers: headers(PUBLIC_URL), payload: store() })).statusCode).toBe(201);
      expect((await behindProxy.inject({ method: 'POST', url: '/api/stores', headers: headers('https://studio.example.test.evil.example'), payload: store() })).statusCode).toBe(403);
    } finally {
      await behindProxy.close();
    }
  });

  it('does not let an admin disable themselves or drop their own admin role, however the id is written', async () => {
    const self = await person('admin');
    const bySession = (id: string, payload: object) => app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { cookie: sessionCookie(self), origin: OWN_ORIGIN }, payload });
    for (const id of [self.userId, self.userId.toUpperCase()]) {
      for (const payload of [{ disabled: true }, { role: 'designer' }]) {
        const refused = await bySession(id, payload);
        expect(refused.statusCode, `${id} ${JSON.stringify(payload)}`).toBe(422);
        expect(refused.json()).toMatchObject({ code: 'LOCKOUT_REFUSED' });
      }
    }
    expect((await me(self.session)).json()).toMatchObject({ role: 'admin' });
    expect((await bySession(self.userId, { name: 'Still myself' })).statusCode).toBe(200);
    // Another admin may disable them.
    expect((await asAdmin({ method: 'PATCH', url: `/api/users/${self.userId}`, payload: { disabled: true } })).statusCode).toBe(200);
    expect((await me(self.session)).statusCode).toBe(401);
  });

  it('documents both ways to sign in in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{
      components: { securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    expect(document.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/flows']!.get!.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(document.paths['/api/auth/sign-in']!.post!.security).toEqual([]);
  });
});
