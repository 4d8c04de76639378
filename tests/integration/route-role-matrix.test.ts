/**
 * The route × role matrix, walked as a caller meets it: every operation of the OpenAPI document
 * is called by each role through a session cookie and through an API token, and by nobody, and
 * the answer is compared with the table below. The table is written from issue 9's description
 * of the roles, not read from contracts/permissions.ts: it is the second opinion the code's
 * matrix must agree with. A route the table does not name (or a table entry the document does
 * not have) fails the test, so a new route cannot ship without someone deciding who may use it.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { PERMISSIONS } from '../../contracts/permissions';
import { inTransaction } from '../../db/pool';
import { openSession } from '../../db/sessions';
import type { UserRole } from '../../db/users';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createSignedInUser, OWN_ORIGIN, sessionCookie, type TestCredentials } from '../support/sign-in';

const ROLES: readonly UserRole[] = ['admin', 'designer', 'agent', 'budget_owner'];

/** Who may call an operation: anyone (`public`), or these roles. */
type Allowed = 'public' | readonly UserRole[];

const PUBLIC = 'public';
const ADMIN: Allowed = ['admin'];
/** Marketing work: flows, templates, segments, campaigns, contacts and the CRM around them, imports, outbox. */
const DESIGNING: Allowed = ['admin', 'designer'];
/** An agent works the contacts of their store: reads them, logs an event, edits their details. */
const WITH_AGENTS: Allowed = ['admin', 'designer', 'agent'];
/** A budget owner reads campaigns, flows and runs (and what a flow names: its templates, segments and lists). */
const WITH_BUDGET_OWNERS: Allowed = ['admin', 'designer', 'budget_owner'];
const EVERYONE_SIGNED_IN: Allowed = ['admin', 'designer', 'agent', 'budget_owner'];
/** Budgets, costs and reports: the budget owner's, and the admin's. */
const BUDGETING: Allowed = ['admin', 'budget_owner'];

/** Issue 9's roles, operation by operation. */
const EXPECTED: Readonly<Record<string, Allowed>> = {
  'GET /health': PUBLIC,

  // Sign-in and the reset link are for people not signed in yet; sign-out works with or without a session.
  'POST /api/auth/sign-in': PUBLIC,
  'POST /api/auth/sign-out': PUBLIC,
  'GET /api/auth/me': EVERYONE_SIGNED_IN,
  'POST /api/auth/password': EVERYONE_SIGNED_IN,
  'GET /api/auth/reset/{token}': PUBLIC,
  'POST /api/auth/reset': PUBLIC,

  // Users, tokens, stores and teams: the admin's. Designers read names for assignment pickers and store filters.
  'POST /api/users': ADMIN,
  'GET /api/users': DESIGNING,
  'PATCH /api/users/{id}': ADMIN,
  'POST /api/users/{id}/reset-link': ADMIN,
  'GET /api/tokens': ADMIN,
  'POST /api/tokens': ADMIN,
  'DELETE /api/tokens/{id}': ADMIN,
  'POST /api/stores': ADMIN,
  'GET /api/stores': DESIGNING,
  'POST /api/teams': ADMIN,
  'GET /api/teams': DESIGNING,

  // Contacts: an agent reads, logs events and edits details; creating, bulk and export are marketing's.
  'POST /api/contacts': DESIGNING,
  'GET /api/contacts': WITH_AGENTS,
  'POST /api/contacts/bulk': DESIGNING,
  'GET /api/contacts/{id}': WITH_AGENTS,
  'PATCH /api/contacts/{id}': WITH_AGENTS,
  'POST /api/contacts/{id}/events': WITH_AGENTS,
  'GET /api/contacts/{id}/events': WITH_AGENTS,
  'GET /api/contacts/{id}/history': WITH_AGENTS,
  // Before calling, an agent must see whether the contact withdrew consent; changing it is marketing's.
  'GET /api/contacts/{id}/consent': WITH_AGENTS,
  'POST /api/contacts/{id}/subscriptions': DESIGNING,
  'POST /api/contacts/{id}/subscriptions/{topic}/unsubscribe': DESIGNING,
  'POST /api/contacts/{id}/consent-records': DESIGNING,
  // The double opt-in link in a contact's mailbox.
  'GET /api/subscriptions/confirm': PUBLIC,
  'POST /api/subscriptions/confirm': PUBLIC,
  'GET /api/contacts/export.csv': DESIGNING,
  'GET /api/contact-lists/{id}/export.csv': DESIGNING,
  // Editing a contact's details shows their custom attributes by definition; declaring them is marketing's.
  'GET /api/attribute-definitions': WITH_AGENTS,
  'POST /api/attribute-definitions': DESIGNING,
  'PUT /api/attribute-definitions/{key}': DESIGNING,
  'DELETE /api/attribute-definitions/{key}': DESIGNING,

  // The CRM around contacts (companies, leads, products, prices, orders, opportunities, topics, ABC): marketing's.
  'POST /api/companies': DESIGNING,
  'GET /api/companies': DESIGNING,
  'GET /api/companies/{id}': DESIGNING,
  'POST /api/leads': DESIGNING,
  'GET /api/leads': DESIGNING,
  'GET /api/leads/{id}': DESIGNING,
  'PATCH /api/leads/{id}': DESIGNING,
  'POST /api/leads/{id}/discard': DESIGNING,
  'POST /api/leads/{id}/activities': DESIGNING,
  'GET /api/leads/{id}/activities': DESIGNING,
  'POST /api/leads/{id}/convert': DESIGNING,
  'POST /api/products': DESIGNING,
  'GET /api/products': DESIGNING,
  'GET /api/products/{id}': DESIGNING,
  'PATCH /api/products/{id}': DESIGNING,
  'GET /api/products/{id}/price': DESIGNING,
  'POST /api/price-lists': DESIGNING,
  'GET /api/price-lists': DESIGNING,
  'GET /api/price-lists/{id}': DESIGNING,
  'PATCH /api/price-lists/{id}': DESIGNING,
  'POST /api/discount-lists': DESIGNING,
  'GET /api/discount-lists': DESIGNING,
  'GET /api/discount-lists/{id}': DESIGNING,
  'PATCH /api/discount-lists/{id}': DESIGNING,
  'POST /api/sales-orders': DESIGNING,
  'GET /api/sales-orders': DESIGNING,
  'GET /api/sales-orders/{id}': DESIGNING,
  'POST /api/opportunities': DESIGNING,
  'GET /api/opportunities': DESIGNING,
  'GET /api/opportunities/{id}': DESIGNING,
  'PATCH /api/opportunities/{id}': DESIGNING,
  'POST /api/opportunities/{id}/win': DESIGNING,
  'POST /api/opportunities/{id}/lose': DESIGNING,
  'POST /api/opportunities/{id}/competitors': DESIGNING,
  'GET /api/opportunities/{id}/competitors': DESIGNING,
  'POST /api/opportunities/{id}/comments': DESIGNING,
  'GET /api/opportunities/{id}/comments': DESIGNING,
  'POST /api/topics': DESIGNING,
  'GET /api/topics': DESIGNING,
  'GET /api/topics/{id}': DESIGNING,
  'PATCH /api/topics/{id}': DESIGNING,
  'GET /api/abc/thresholds': DESIGNING,
  'PUT /api/abc/thresholds': DESIGNING,
  'POST /api/abc/recompute': DESIGNING,
  'GET /api/suppressions': DESIGNING,
  'POST /api/suppressions': DESIGNING,
  'POST /api/suppressions/bulk': DESIGNING,
  'GET /api/suppressions/check': DESIGNING,
  'DELETE /api/suppressions/{id}': DESIGNING,

  'POST /api/imports/contacts': DESIGNING,
  'POST /api/imports/companies': DESIGNING,
  'POST /api/imports/sales': DESIGNING,
  'POST /api/imports/customer-codes': DESIGNING,
  'GET /api/imports/{jobId}': DESIGNING,
  'GET /api/imports/{jobId}/report.csv': DESIGNING,

  // Templates and segments: a budget owner reads them (a read-only flow names them), never changes them.
  'GET /api/templates': WITH_BUDGET_OWNERS,
  'POST /api/templates': DESIGNING,
  'GET /api/templates/{id}': WITH_BUDGET_OWNERS,
  'PUT /api/templates/{id}': DESIGNING,
  // A preview of a template for the sample contact is a read; naming a real contact also needs contacts:read (checked in the route).
  'POST /api/templates/preview': WITH_BUDGET_OWNERS,
  'POST /api/templates/{id}/test-send': DESIGNING,
  'GET /api/salutations': WITH_BUDGET_OWNERS,
  'PUT /api/salutations': DESIGNING,
  'GET /api/segments': WITH_BUDGET_OWNERS,
  'POST /api/segments': DESIGNING,
  'GET /api/segments/{id}': WITH_BUDGET_OWNERS,
  'PUT /api/segments/{id}': DESIGNING,
  'DELETE /api/segments/{id}': DESIGNING,
  // A preview lists contacts (names, e-mails): not for a role that may not read contacts.
  'POST /api/segments/preview': DESIGNING,
  'GET /api/segments/{id}/preview': DESIGNING,
  'GET /api/segments/{id}/export.csv': DESIGNING,
  'GET /api/contact-lists': WITH_BUDGET_OWNERS,
  'GET /api/contact-lists/{id}': WITH_BUDGET_OWNERS,

  // Flows, campaigns and runs: a budget owner reads; starting and steering runs is marketing's.
  'GET /api/flows': WITH_BUDGET_OWNERS,
  'POST /api/flows': DESIGNING,
  'GET /api/flows/{id}': WITH_BUDGET_OWNERS,
  'PUT /api/flows/{id}': DESIGNING,
  'GET /api/campaigns': WITH_BUDGET_OWNERS,
  'POST /api/campaigns': DESIGNING,
  'GET /api/campaigns/{id}': WITH_BUDGET_OWNERS,
  'POST /api/campaigns/{id}/runs': DESIGNING,
  'PATCH /api/campaigns/{id}': DESIGNING,
  // Counting the audience before a start is part of starting one.
  'GET /api/campaigns/{id}/start-preview': DESIGNING,
  'GET /api/runs/{id}': WITH_BUDGET_OWNERS,
  // Who worked which calls with what outcome: the owner's view, read-only like a run's progress.
  'GET /api/tasks/summary': WITH_BUDGET_OWNERS,
  'POST /api/runs/{id}/pause': DESIGNING,
  'POST /api/runs/{id}/resume': DESIGNING,
  'POST /api/runs/{id}/cancel': DESIGNING,
  // Approving generated messages before they go out is the marketers' review, not an agent's call queue.
  'GET /api/reviews': DESIGNING,
  'GET /api/reviews/{id}': DESIGNING,
  'GET /api/reviews/{id}/messages': DESIGNING,
  'PATCH /api/reviews/{id}/messages/{messageId}': DESIGNING,
  'POST /api/reviews/{id}/exclusions': DESIGNING,
  'POST /api/reviews/{id}/approve': DESIGNING,

  // A call is assigned to a person: an agent's queue above all, a designer's too when a callback
  // step names them (trying out a flow); a budget owner is never assigned calls.
  'GET /api/tasks': WITH_AGENTS,
  'GET /api/tasks/{id}': WITH_AGENTS,
  'POST /api/tasks/{id}/claim': WITH_AGENTS,
  'POST /api/tasks/{id}/complete': WITH_AGENTS,
  'POST /api/tasks/{id}/objective-met': WITH_AGENTS,
  'POST /api/tasks/{id}/reschedule': WITH_AGENTS,
  'POST /api/tasks/{id}/events': WITH_AGENTS,

  // Budgets (issue 12): costs, plans and the ledger are the budget owner's (and the admin's); a
  // designer builds campaigns but does not read or book their money.
  'GET /api/campaigns/{id}/plan': BUDGETING,
  'PUT /api/campaigns/{id}/plan': BUDGETING,
  'GET /api/unit-costs': BUDGETING,
  'POST /api/unit-costs': BUDGETING,
  'PATCH /api/unit-costs/{id}': BUDGETING,
  'GET /api/campaigns/{id}/costs': BUDGETING,
  'POST /api/campaigns/{id}/costs/book-missing': BUDGETING,
  'GET /api/campaigns/{id}/cost-entries': BUDGETING,
  'POST /api/campaigns/{id}/cost-entries': BUDGETING,
  // The report catalogue and a campaign's post-analysis (Word, PDF): read by whoever reads the money.
  'GET /api/reports': BUDGETING,
  'GET /api/reports/{id}': BUDGETING,
  'GET /api/campaigns/{id}/analysis': BUDGETING,
  'GET /api/campaigns/{id}/analysis.docx': BUDGETING,
  'GET /api/campaigns/{id}/analysis.pdf': BUDGETING,

  // Who changed what: the admin's screen and its CSV.
  'GET /api/audit': ADMIN,
  'GET /api/audit/export.csv': ADMIN,

  // The links in a mail: whoever holds the mail, no session (signed per message, rate-limited).
  'GET /t/c/{messageId}/{index}/{sig}': PUBLIC,
  'GET /t/o/{messageId}/{sig}.gif': PUBLIC,
  'GET /u/{messageId}/{sig}': PUBLIC,
  'POST /u/{messageId}/{sig}': PUBLIC,
  'GET /u/{messageId}/{sig}/preferences': PUBLIC,
  'POST /u/{messageId}/{sig}/preferences': PUBLIC,

  'GET /api/outbox': DESIGNING,
  // The designer's Outbox screen for a browser (public shell), the caught mail as JSON for anyone else.
  'GET /outbox': DESIGNING,
};

/**
 * Where the code answers otherwise than the table today, reported to the lead instead of changed
 * here (the route files are not this test's). Each entry is asserted to still hold, so fixing
 * the route fails this test until its entry is deleted: the list cannot go stale.
 */
const REPORTED: Readonly<Record<string, Partial<Record<UserRole, string>>>> = {
};

interface Operation {
  key: string;
  method: string;
  path: string;
  /** What the document says the operation needs (x-permission). */
  permission: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { 'x-permission'?: string }>>;
  components: { securitySchemes: Record<string, unknown> };
}

/** A plausible value for each path parameter: the permission check comes before any lookup. */
const PATH_VALUES: Readonly<Record<string, () => string>> = {
  id: randomUUID,
  jobId: randomUUID,
  messageId: randomUUID,
  index: () => '0',
  sig: () => 'not-a-signature',
  token: () => 'not-a-link-anyone-was-given',
  topic: () => 'newsletter',
  key: () => 'loyalty_tier',
};

function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = PATH_VALUES[name];
    if (!value) throw new Error(`No test value for the path parameter {${name}} of ${path}: add one to PATH_VALUES`);
    return encodeURIComponent(value());
  });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** inject's host is localhost:80: a cookie-authenticated write from the app's own page says so. */

type Caller = { role: UserRole; via: 'cookie' | 'bearer' } | { role: null };

const CALLERS: readonly Caller[] = [...ROLES.flatMap((role) => [{ role, via: 'cookie' as const }, { role, via: 'bearer' as const }]), { role: null }];

function describeCaller(caller: Caller): string {
  return caller.role === null ? 'no credentials' : `${caller.role} by ${caller.via}`;
}

describe('route × role matrix', () => {
  let database: TestDatabase;
  let temporal: Client;
  // Not wrapped by injectAs: each call carries exactly the credentials of its caller, or none.
  let app: FastifyInstance;
  let operations: Operation[];
  const people = new Map<UserRole, TestCredentials>();

  beforeAll(async () => {
    database = await createTestDatabase('cs_role_matrix');
    // Lazy and pointing nowhere: the walk's run routes answer 404 for their random ids before reaching Temporal.
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    for (const role of ROLES) people.set(role, await createSignedInUser(database.db, role));
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json<OpenApiDocument>();
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        permission: operation['x-permission'] ?? '(none)',
      })),
    );
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  it('names every operation of the OpenAPI document, and only those', () => {
    const documented = new Set(operations.map((operation) => operation.key));
    expect(documented.size).toBeGreaterThan(100);
    expect(operations.filter((operation) => !(operation.key in EXPECTED)).map((operation) => `${operation.key} is in the document but not in the table`)).toEqual([]);
    expect(Object.keys(EXPECTED).filter((key) => !documented.has(key)).map((key) => `${key} is in the table but not in the document`)).toEqual([]);
    for (const [key, roles] of Object.entries(REPORTED)) {
      const allowed = EXPECTED[key];
      for (const role of Object.keys(roles) as UserRole[]) expect(allowed === PUBLIC || allowed?.includes(role), `${key} ${role}: a reported disagreement is a refusal the table expects`).toBe(false);
    }
  });

  /** The credentials a caller sends; sign-out gets a throwaway session so the walk keeps its own. */
  async function credentialsOf(caller: Caller, operation: Operation): Promise<Record<string, string>> {
    if (caller.role === null) return {};
    const person = people.get(caller.role)!;
    if (caller.via === 'bearer') return { authorization: `Bearer ${person.token}` };
    const session = operation.key === 'POST /api/auth/sign-out' ? await inTransaction(database.db, (client) => openSession(client, person.userId, {})) : person.session;
    const cookie = sessionCookie({ session });
    return WRITE_METHODS.has(operation.method) ? { cookie, origin: OWN_ORIGIN } : { cookie };
  }

  /** What is wrong with `response` for this caller and operation, or undefined when it is right. */
  function mismatch(operation: Operation, caller: Caller, response: LightMyRequestResponse): string | undefined {
    const allowed = EXPECTED[operation.key]!;
    const status = response.statusCode;
    const said = `${status} ${response.body.slice(0, 160)}`;
    // 503 is a dependency's honest answer (the health check, with Temporal pointing nowhere); 500 is a bug.
    if (status === 500) return `answered ${said}`;
    const isAllowed = allowed === PUBLIC || (caller.role !== null && allowed.includes(caller.role));
    const reported = caller.role !== null ? REPORTED[operation.key]?.[caller.role] : undefined;
    if (reported !== undefined) {
      return status === 401 || status === 403 ? `is refused now (${said}): delete its REPORTED entry` : undefined;
    }
    if (isAllowed) return status === 401 || status === 403 ? `should be allowed, got ${said}` : undefined;
    const expected = caller.role === null ? 401 : 403;
    if (status !== expected) return `should be ${expected}, got ${said}`;
    if (!String(response.headers['content-type']).startsWith('application/problem+json')) return `refused without problem+json: ${response.headers['content-type']}`;
    const body = response.json<{ code?: string; detail?: string }>();
    if (caller.role === null) return body.code === 'NOT_SIGNED_IN' ? undefined : `401 with code ${body.code}, not NOT_SIGNED_IN`;
    const named = /permission ([a-z_]+:[a-z_]+)/.exec(body.detail ?? '')?.[1];
    if (body.code !== 'FORBIDDEN' || !named || !(PERMISSIONS as readonly string[]).includes(named)) return `403 names no permission: ${said}`;
    // The document promises clients what an operation needs; the refusal names the same.
    const documented = (PERMISSIONS as readonly string[]).includes(operation.permission);
    return documented && named !== operation.permission ? `403 names ${named}, the document says ${operation.permission}` : undefined;
  }

  it('lets each role in, by session cookie and by API token, exactly where the table says, and nobody without credentials', async () => {
    const wrong: string[] = [];
    for (const operation of operations) {
      if (!(operation.key in EXPECTED)) continue; // the test above names it
      // An empty JSON body: refused before it is read, or a 400 after the check passed; nothing is written.
      const body = WRITE_METHODS.has(operation.method) && operation.method !== 'DELETE' ? { payload: {} } : {};
      const answers = await Promise.all(
        CALLERS.map(async (caller) => {
          const headers = await credentialsOf(caller, operation);
          const response = await app.inject({ method: operation.method as 'GET', url: concretePath(operation.path), headers, ...body });
          const problem = mismatch(operation, caller, response);
          return problem && `${operation.key} as ${describeCaller(caller)}: ${problem}`;
        }),
      );
      wrong.push(...answers.filter((answer) => answer !== undefined));
    }
    expect(wrong).toEqual([]);

    // The walk (sign-out included) ended none of the sessions it used.
    for (const person of people.values()) {
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie(person) } })).statusCode).toBe(200);
    }
  });
});
