/**
 * Security headers and body limits, as a browser or a client meets them: every response (the
 * API's JSON, its problems, the designer's page and assets, Swagger UI) carries the CSP and the
 * framing, sniffing and referrer headers; a JSON body over the limit is 413 problem+json, while
 * a file upload of that size still goes through.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, JSON_BODY_LIMIT } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** A CSP header as directive → sources. */
function directives(response: LightMyRequestResponse): Map<string, string[]> {
  const header = String(response.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectHardened(response: LightMyRequestResponse) {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['referrer-policy']).toBe('same-origin');
  const csp = directives(response);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('script-src-attr')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  // Served over plain http too (npm start, docker-compose): nothing may be upgraded to https.
  expect(csp.has('upgrade-insecure-requests')).toBe(false);
  return csp;
}

describe('security headers and body limits', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let designerDir: string;

  beforeAll(async () => {
    designerDir = await mkdtemp(join(tmpdir(), 'cs-headers-designer-'));
    await mkdir(join(designerDir, 'assets'));
    await writeFile(join(designerDir, 'index.html'), '<!doctype html><title>Campaign Studio</title><div id="root"></div>');
    await writeFile(join(designerDir, 'assets', 'app-1234.js'), 'console.log("designer")');
    database = await createTestDatabase('cs_security_headers');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused', designerDir });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
    await rm(designerDir, { recursive: true, force: true });
  });

  it('hardens the API, its problems, and the designer with a CSP: no inline script; inline styles only as mails need them', async () => {
    const responses = [
      await app.inject({ method: 'GET', url: '/api/contacts' }),
      await app.inject({ method: 'GET', url: '/api/no-such-thing' }),
      await app.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } }),
      await app.inject({ method: 'GET', url: '/flows/some-id', headers: { accept: BROWSER_ACCEPT } }),
      await app.inject({ method: 'GET', url: '/assets/app-1234.js' }),
    ];
    expect(responses.map((response) => response.statusCode)).toEqual([200, 404, 200, 200, 200]);
    for (const response of responses) {
      const csp = expectHardened(response);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      // A mail drawn in the preview's or the outbox's sandboxed srcdoc frame inherits this policy:
      // its inlined style attributes and <style> element, and its https images, must show.
      expect(csp.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
      expect(csp.get('style-src-elem')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
    }
  });

  it('gives Swagger UI its own CSP, inline styles allowed and scripts still its own', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
    expect(expectHardened(docs).get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const document = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(document.statusCode).toBe(200);
    expectHardened(document);
  });

  it('answers a JSON body over the limit with 413 problem+json naming the limit', async () => {
    const payload = { email: 'big@example.test', firstName: 'x'.repeat(JSON_BODY_LIMIT) };
    const response = await app.inject({ method: 'POST', url: '/api/contacts', payload });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: '/problems/body-too-large',
      title: 'Payload Too Large',
      status: 413,
      code: 'BODY_TOO_LARGE',
      detail: 'The request body is larger than the 1 MiB POST /api/contacts accepts',
    });
    expectHardened(response);
  });

  it('keeps the larger limits of the bulk route and of file uploads', async () => {
    const contacts = Array.from({ length: 5_000 }, (_, index) => ({ email: `bulk.${index}@example.test`, firstName: 'y'.repeat(200) }));
    const bulk = await app.inject({ method: 'POST', url: '/api/contacts/bulk', payload: { contacts } });
    expect(bulk.statusCode, bulk.body).toBe(201);

    const lines = Array.from({ length: 20_000 }, (_, index) => `file.${index}@example.test,${'z'.repeat(40)}`);
    const file = ['email,lastName', ...lines].join('\n');
    expect(file.length).toBeGreaterThan(JSON_BODY_LIMIT);
    const upload = await uploadFile(app, '/api/imports/contacts?wait=true', file);
    expect(upload.statusCode).toBe(200);
    expect(upload.json()).toMatchObject({ status: 'completed', insertedRows: 20_000 });
  });
});
