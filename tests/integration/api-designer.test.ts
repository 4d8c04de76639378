import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import type { OutboxMail } from '../../contracts/outbox';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INDEX_HTML = '<!doctype html><title>Campaign Studio</title><div id="root"></div>';

const mail: OutboxMail = {
  id: '0001',
  messageId: '<m1@campaign-studio>',
  from: 'campaigns@example.test',
  to: 'ana@example.test',
  subject: 'Hello Ana',
  text: 'Dear Ms Ana Popescu',
  receivedAt: '2025-01-01T10:00:00.000Z',
  messageRef: null,
  headers: { subject: 'Hello Ana' },
  events: [],
};

/** Serving the designer and the dev outbox; Postgres holds only the signed-in admin, Temporal is never reached. */
describe('designer and dev outbox', () => {
  let dir: string;
  let database: TestDatabase;
  let temporal: Client;
  let embedded: FastifyInstance;
  let production: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cs-designer-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX_HTML);
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log("designer")');
    database = await createTestDatabase('cs_designer');
    const db = database.db;
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    embedded = await buildApp({ db, temporal, taskQueue: 'q', designerDir: dir, outbox: { list: async () => [mail] } });
    await signInAsAdmin(embedded, db);
    production = await buildApp({ db, temporal, taskQueue: 'q', designerDir: join(dir, 'not-built') });
    await signInAsAdmin(production, db);
  });
  afterAll(async () => {
    await embedded?.close();
    await production?.close();
    await temporal?.connection.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the designer at / with fingerprinted assets cached for good', async () => {
    const page = await embedded.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    const asset = await embedded.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it("answers a browser on a client-side route with the designer's page, but never under /api", async () => {
    const route = await embedded.inject({ method: 'GET', url: '/flows/some-id', headers: { accept: BROWSER_ACCEPT } });
    expect(route.statusCode).toBe(200);
    expect(route.body).toBe(INDEX_HTML);
    const script = await embedded.inject({ method: 'GET', url: '/flows/some-id', headers: { accept: 'application/json' } });
    expect(script.statusCode).toBe(404);
    const api = await embedded.inject({ method: 'GET', url: '/api/nothing', headers: { accept: BROWSER_ACCEPT } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists the outbox as JSON for scripts and as the Outbox screen for a browser', async () => {
    const json = await embedded.inject({ method: 'GET', url: '/outbox', headers: { accept: 'application/json' } });
    expect(json.json()).toEqual({ items: [mail] });
    expect((await embedded.inject({ method: 'GET', url: '/outbox' })).json()).toEqual({ items: [mail] });
    expect((await embedded.inject({ method: 'GET', url: '/api/outbox', headers: { accept: BROWSER_ACCEPT } })).json()).toEqual({ items: [mail] });
    const browser = await embedded.inject({ method: 'GET', url: '/outbox', headers: { accept: BROWSER_ACCEPT } });
    expect(browser.headers['content-type']).toMatch(/^text\/html/);
    expect(browser.body).toBe(INDEX_HTML);
  });

  it('has no outbox and no designer in production when none is given or built', async () => {
    const outbox = await production.inject({ method: 'GET', url: '/api/outbox' });
    expect(outbox.statusCode).toBe(404);
    expect(outbox.json()).toMatchObject({ code: 'NO_OUTBOX' });
    const root = await production.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } });
    expect(root.statusCode).toBe(404);
  });
});
