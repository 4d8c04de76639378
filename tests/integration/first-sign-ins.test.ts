import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { describeSignIns, ensureFirstSignIns, FIRST_ADMIN, type FirstSignIn } from '../../scripts/first-sign-ins';
import { seedDemo } from '../../scripts/seed-demo';
import { DEMO_SIGN_IN_EMAILS } from '../../scripts/seed-demo-crm';
import { USERS } from '../../scripts/seed-demo-crm-data';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** The API over `database`, its Temporal client pointing nowhere (no route here starts a run). */
async function apiOver(database: TestDatabase): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
  return {
    app,
    async close() {
      await app.close();
      await temporal.connection.close();
    },
  };
}

function signIn(app: FastifyInstance, signIn: Pick<FirstSignIn, 'email' | 'password'>) {
  return app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: signIn.email, password: signIn.password } });
}

/** `npm start` on an empty database: the demo, then one sign-in per role, printed once. */
describe('first sign-ins of the demo (npm start)', () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof apiOver>>;
  let signIns: FirstSignIn[];

  beforeAll(async () => {
    database = await createTestDatabase('cs_first_demo');
    api = await apiOver(database);
    await seedDemo(database.db);
    signIns = await ensureFirstSignIns(database.db, { demo: true });
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('gives the demo staff of each role a generated password that signs in as that role', async () => {
    expect(signIns.map((person) => [person.role, person.email])).toEqual(
      (['admin', 'designer', 'agent', 'budget_owner'] as const).map((role) => [role, DEMO_SIGN_IN_EMAILS[role]]),
    );
    expect(new Set(signIns.map((person) => person.password)).size).toBe(4);
    for (const person of signIns) {
      expect(person.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      const answer = await signIn(api.app, person);
      expect(answer.statusCode, person.email).toBe(200);
      expect(answer.json()).toMatchObject({ email: person.email, role: person.role });
    }
    // The agent works in a store that has demo contacts, and the printout says which.
    const agent = signIns.find((person) => person.role === 'agent')!;
    expect(agent.store).toBe('Milan — Italy');
    const { rows } = await database.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts c JOIN users u ON u.store_id = c.store_id WHERE lower(u.email) = lower($1)`,
      [agent.email],
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('audits every account the demo created and every password it generated, as the system', async () => {
    const created = await database.db.query<{ email: string }>(
      `SELECT diff ->> 'email' AS email FROM audit_log WHERE action = 'user.create' AND actor_kind = 'system' AND actor_id IS NULL ORDER BY 1`,
    );
    expect(created.rows.map((row) => row.email)).toEqual(USERS.map((user) => user.email).sort());
    const passwords = await database.db.query<{ email: string; label: string }>(
      `SELECT u.email, a.actor_label AS label FROM audit_log a JOIN users u ON u.id::text = a.entity_id
        WHERE a.action = 'user.password-reset' AND a.actor_kind = 'system' ORDER BY u.email`,
    );
    expect(passwords.rows).toEqual(signIns.map((person) => ({ email: person.email, label: 'first start' })).sort((a, b) => a.email.localeCompare(b.email)));
  });

  it('hands out nothing on a later start: the passwords given stay, and the printout says how to reset one', async () => {
    expect(await ensureFirstSignIns(database.db, { demo: true })).toEqual([]);
    expect((await signIn(api.app, signIns[0]!)).statusCode).toBe(200);
    expect(describeSignIns([])).toEqual(['Sign in with your account; a lost password is reset from the command line: npm run user -- reset-password EMAIL']);
    const printed = describeSignIns(signIns).join('\n');
    for (const person of signIns) expect(printed).toMatch(new RegExp(`^  ${person.role} +${person.email.replaceAll('.', '\\.')} +${person.password} `, 'm'));
  });
});

/** The production API on an empty database: one admin, never a default password. */
describe('first sign-in of a production install (no demo)', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('creates a first admin with a generated password, once, different on every install', async () => {
    const passwords: string[] = [];
    for (const prefix of ['cs_first_prod_a', 'cs_first_prod_b']) {
      const database = await createTestDatabase(prefix);
      databases.push(database);
      const signIns = await ensureFirstSignIns(database.db, { demo: false });
      expect(signIns).toEqual([{ role: 'admin', name: FIRST_ADMIN.name, email: FIRST_ADMIN.email, password: expect.any(String) as string, store: null }]);
      passwords.push(signIns[0]!.password);
      const api = await apiOver(database);
      try {
        expect((await signIn(api.app, signIns[0]!)).json()).toMatchObject({ role: 'admin', email: FIRST_ADMIN.email });
      } finally {
        await api.close();
      }
      expect(await ensureFirstSignIns(database.db, { demo: false })).toEqual([]);
      const audit = await database.db.query(`SELECT action, actor_kind FROM audit_log ORDER BY id`);
      expect(audit.rows).toEqual([{ action: 'user.create', actor_kind: 'system' }, { action: 'user.password-reset', actor_kind: 'system' }]);
    }
    expect(passwords[0]).not.toBe(passwords[1]);
  });

  it('gives an existing admin of a database from before sign-in the password, rather than adding another', async () => {
    const database = await createTestDatabase('cs_first_prod_c');
    databases.push(database);
    await database.db.query(`INSERT INTO users (email, name, role) VALUES ('ops@example.test', 'Ops', 'admin'), ('desk@example.test', 'Desk', 'designer')`);
    const signIns = await ensureFirstSignIns(database.db, { demo: false });
    expect(signIns.map((person) => person.email)).toEqual(['ops@example.test']);
    expect((await database.db.query('SELECT count(*)::int AS n FROM users')).rows).toEqual([{ n: 2 }]);
  });
});
