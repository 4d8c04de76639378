import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { migrate } from '../../db/migrate';
import { createPool, type Db } from '../../db/pool';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createSignedInUser, sessionCookie } from '../support/sign-in';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run user -- …` as an operator runs it: a subprocess, against DATABASE_URL or a DATA_DIR. */
async function userCli(args: string[], env: { DATABASE_URL?: string; DATA_DIR?: string }): Promise<Ran> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  return run(TSX, ['scripts/user-cli.ts', ...args], { env: childEnv }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** The password the command printed, alone on its indented line. */
function printedPassword(stdout: string): string {
  const match = /^ {4}(\S+)$/m.exec(stdout);
  if (!match) throw new Error(`no password in:\n${stdout}`);
  return match[1]!;
}

function signIn(app: FastifyInstance, email: string, password: string) {
  return app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password } });
}

async function apiOn(db: Db): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = await buildApp({ db, temporal, taskQueue: 'unused' });
  return {
    app,
    async close() {
      await app.close();
      await temporal.connection.close();
    },
  };
}

describe('npm run user (people from the command line)', () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof apiOn>>;
  const env = () => ({ DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await createTestDatabase('cs_user_cli');
    api = await apiOn(database.db);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('reset-password prints a new password that signs in, ends the old sessions and leaves an audit row', async () => {
    const admin = await createSignedInUser(database.db, 'admin');
    expect((await api.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(admin) } })).statusCode).toBe(200);

    // The e-mail as a person might type it: the account is found case-insensitively.
    const result = await userCli(['reset-password', admin.email.toUpperCase()], env());
    expect(result.code, result.stderr).toBe(0);
    const password = printedPassword(result.stdout);
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(result.stdout).toContain('shown only this once');

    expect((await api.app.inject({ url: '/api/auth/me', headers: { cookie: sessionCookie(admin) } })).statusCode).toBe(401);
    expect((await signIn(api.app, admin.email, admin.password)).statusCode).toBe(401);
    const signedIn = await signIn(api.app, admin.email, password);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ email: admin.email, role: 'admin' });

    const audit = await database.db.query('SELECT actor_kind, actor_id, actor_label, action FROM audit_log WHERE entity = $1 AND entity_id = $2 AND action = $3', ['user', admin.userId, 'user.password-reset']);
    expect(audit.rows).toEqual([{ actor_kind: 'system', actor_id: null, actor_label: 'command line', action: 'user.password-reset' }]);

    // Run again, the password changes again: nothing is derived from the e-mail or fixed.
    const again = await userCli(['reset-password', admin.email], env());
    expect(printedPassword(again.stdout)).not.toBe(password);
  });

  it('refuses an unknown e-mail with a clear message and a non-zero exit, changing nothing', async () => {
    const before = await database.db.query('SELECT count(*)::int AS n FROM audit_log');
    const result = await userCli(['reset-password', 'nobody@example.test'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No user has the e-mail nobody@example.test');
    expect(result.stdout).toBe('');
    expect((await database.db.query('SELECT count(*)::int AS n FROM audit_log')).rows).toEqual(before.rows);
  });

  it('create adds a person of a role (in a store) with a generated password; refuses a taken e-mail, a bad role, an unknown store', async () => {
    await database.db.query(`INSERT INTO stores (code, name) VALUES ('MIL', 'Milan')`);
    const email = `agent.${Date.now()}@staff.example.test`;
    const created = await userCli(['create', email, 'Ana Pop', 'agent', 'MIL'], env());
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Created Ana Pop <${email}> (agent)`);
    const signedIn = await signIn(api.app, email, printedPassword(created.stdout));
    expect(signedIn.statusCode).toBe(200);
    const store = await database.db.query<{ id: string }>(`SELECT id FROM stores WHERE code = 'MIL'`);
    expect(signedIn.json()).toMatchObject({ name: 'Ana Pop', role: 'agent', storeId: store.rows[0]!.id });
    const audit = await database.db.query(`SELECT actor_label FROM audit_log WHERE action = 'user.create' AND diff ->> 'email' = $1`, [email]);
    expect(audit.rows).toEqual([{ actor_label: 'command line' }]);

    const taken = await userCli(['create', email.toUpperCase(), 'Someone Else', 'designer'], env());
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already has an account');

    const badRole = await userCli(['create', 'x@example.test', 'X', 'boss'], env());
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('Unknown role "boss": it is one of admin, designer, agent, budget_owner');

    const badStore = await userCli(['create', 'y@example.test', 'Y', 'agent', 'NOPE'], env());
    expect(badStore.code).toBe(1);
    expect(badStore.stderr).toContain('No store has the code "NOPE" (stores: MIL)');
    const users = await database.db.query(`SELECT email FROM users WHERE email IN ('x@example.test', 'y@example.test')`);
    expect(users.rows).toEqual([]);
  });

  it('list shows everyone with role, store and whether they can sign in; a wrong call prints the usage', async () => {
    const designer = await createSignedInUser(database.db, 'designer');
    await database.db.query(`INSERT INTO users (email, name, role) VALUES ('new.person@example.test', 'New Person', 'budget_owner')`);
    const listed = await userCli(['list'], env());
    expect(listed.code, listed.stderr).toBe(0);
    const line = (email: string) => listed.stdout.split('\n').find((row) => row.startsWith(email)) ?? '';
    expect(line(designer.email)).toMatch(/designer\s+Test designer \d+\s+last signed in/);
    expect(line('new.person@example.test')).toMatch(/budget_owner\s+New Person\s+no password yet/);

    const unknown = await userCli(['delete-everyone'], env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "delete-everyone"');
    expect(unknown.stderr).toContain('reset-password EMAIL');
    const missing = await userCli(['reset-password'], env());
    expect(missing.code).toBe(2);
  });
});

describe('npm run user against the embedded database (DATA_DIR/pglite)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cs-user-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says npm start makes the database when there is none yet', async () => {
    const result = await userCli(['list'], { DATA_DIR: join(dataDir, 'never-started') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`npm start` creates it on its first start');
  });

  it('refuses while another process has it open, naming npm start; resets the password once it is closed', async () => {
    // This test process plays `npm start`: it holds PGlite, as the running product would.
    const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
    await migrate(postgres.url);
    let db = createPool(postgres.url, EMBEDDED_POOL_SIZE);
    const admin = await createSignedInUser(db, 'admin');
    await db.end();

    const refused = await userCli(['reset-password', admin.email], { DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`is open in Campaign Studio (pid ${process.pid})`);
    expect(refused.stderr).toContain('Stop `npm start` (Ctrl-C), run this command again');
    await postgres.close();

    const result = await userCli(['reset-password', admin.email], { DATA_DIR: dataDir });
    expect(result.code, result.stderr).toBe(0);
    const password = printedPassword(result.stdout);

    const reopened = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
    db = createPool(reopened.url, EMBEDDED_POOL_SIZE);
    const api = await apiOn(db);
    try {
      expect((await signIn(api.app, admin.email, password)).statusCode).toBe(200);
    } finally {
      await api.close();
      await db.end();
      await reopened.close();
    }
  }, 180_000); // three PGlite opens (two here, one in the command) on a busy 2-core machine
});
