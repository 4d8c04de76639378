/**
 * The mission's whole campaign in one run, on the real parts (Temporal dev server, Postgres, SMTP
 * sink), worked through the API by the people it is for: audience → generate → review → send →
 * wait → call-back → (interested) convert → end. A reviewer edits one message and excludes one
 * contact; agents of two stores work their own calls with different outcomes, one reschedules,
 * one "no answer" comes round the wait and then answers; the opportunities are exactly the
 * interested members', priced from the price list valid today.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import type { Db } from '../../db/pool';
import { callbackNode } from '../../flow/nodes/callback';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { bearer, browserHeaders, createSignedInUser, type TestCredentials } from '../support/sign-in';

const PRICE = 249.9;

interface Call {
  id: string;
  contactId: string;
  status: string;
  attempt: number;
}

/** A person's calls to the API, signed in by the session cookie as the browser is. */
function signedIn(app: FastifyInstance, credentials: TestCredentials) {
  const headers = browserHeaders(credentials);
  const call = async (options: InjectOptions) => {
    const response = await app.inject({ ...options, headers });
    expect(response.statusCode, `${options.method} ${options.url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  return {
    get: (url: string) => call({ method: 'GET', url }),
    post: (url: string, payload: object = {}) => call({ method: 'POST', url, payload }),
    patch: (url: string, payload: object) => call({ method: 'PATCH', url, payload }),
    async calls(runId: string): Promise<Call[]> {
      return ((await call({ method: 'GET', url: `/api/tasks?runId=${runId}` })) as { items: Call[] }).items;
    },
  };
}

async function store(db: Db, code: string): Promise<string> {
  return (await db.query<{ id: string }>('INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id', [code, `Store ${code}`])).rows[0]!.id;
}

describe('acceptance: segment → generate → review → send → wait → call-back → convert', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;

  beforeAll(async () => {
    env = await startCampaignEnv();
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue });
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  it('runs the whole campaign through the people who work it', async () => {
    const { db } = env.database;
    const admin = await createSignedInUser(db, 'admin');
    const asAdmin = (method: 'POST', url: string, payload: object) => app.inject({ method, url, payload, headers: bearer(admin) });

    // Two stores, an agent in each, a reviewer; six contacts, three per store.
    const [north, south] = [await store(db, 'ACC-N'), await store(db, 'ACC-S')];
    const [anaSignIn, bobSignIn, reviewerSignIn] = [
      await createSignedInUser(db, 'agent', { storeId: north }),
      await createSignedInUser(db, 'agent', { storeId: south }),
      await createSignedInUser(db, 'designer'),
    ];
    const [ana, bob, reviewer] = [signedIn(app, anaSignIn), signedIn(app, bobSignIn), signedIn(app, reviewerSignIn)];
    const ids = await seedContacts(db, taggedContacts(6, 'acc'));
    await db.query('UPDATE contacts SET store_id = $2 WHERE id = ANY($1::uuid[])', [ids.slice(0, 3), north]);
    await db.query('UPDATE contacts SET store_id = $2 WHERE id = ANY($1::uuid[])', [ids.slice(3), south]);
    const [f0, f1, f2, f3, f4, f5] = ids as [string, string, string, string, string, string];

    // The promoted product, an expired price list and today's.
    const product = await asAdmin('POST', '/api/products', { code: 'AP-9', name: 'Access point 9', kind: 'product' });
    expect(product.statusCode, product.body).toBe(201);
    const productId = product.json<{ id: string }>().id;
    for (const list of [
      { name: 'Last year', validFrom: '2020-01-01', validTo: '2020-12-31', items: [{ productId, price: '999.00' }] },
      { name: 'This year', validFrom: '2021-01-01', validTo: null, items: [{ productId, price: PRICE.toFixed(2) }] },
    ]) {
      const created = await asAdmin('POST', '/api/price-lists', list);
      expect(created.statusCode, created.body).toBe(201);
    }

    const templateId = await seedTemplate(db, { subject: 'For {{contact.firstName}}', body: 'Hello {{contact.firstName}}, the new access point is here.' });
    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('acc') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'review', type: 'review', config: { instructions: 'Check the greeting', reviewers: 'users', userIds: [reviewerSignIn.userId] } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'pause', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
        { id: 'call', type: 'callback', config: { ...callbackNode.defaultConfig, script: 'About the access point…', assignTo: 'store', maxAttempts: 2, maxVisits: 2 } },
        { id: 'again', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
        { id: 'convert', type: 'convert', config: { productId, stage: 'qualification' } },
        { id: 'won', type: 'end', config: { finalStatus: 'opportunity' } },
        { id: 'done', type: 'end', config: { finalStatus: 'called' } },
        { id: 'dropped', type: 'end', config: { finalStatus: 'not mailed' } },
      ],
      [
        'audience:out->generate',
        'generate:ready->review',
        'review:approved->send',
        'review:excluded->dropped',
        'send:sent->pause',
        'pause:out->call',
        'call:interested->convert',
        'convert:created->won',
        'call:not_interested->done',
        'call:no_answer->again',
        'again:out->call',
      ],
    );
    const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, graph);

    // The reviewer named on the node edits F0's message and excludes F5, then approves.
    const review = await eventually(async () => ((await reviewer.get('/api/reviews')) as { id: string; runId: string; counts: { messages: number } }[]).find((r) => r.runId === run.runId && r.counts.messages === 6), 30_000, 'the review');
    const { messages } = (await reviewer.get(`/api/reviews/${review.id}/messages`)) as { messages: { id: string; contactId: string }[] };
    const messageOf = (contactId: string) => messages.find((message) => message.contactId === contactId)!.id;
    await reviewer.patch(`/api/reviews/${review.id}/messages/${messageOf(f0)}`, { subject: 'A word for F0', body: 'Dear F0, the access point is yours at a special price.' });
    await reviewer.post(`/api/reviews/${review.id}/exclusions`, { messageIds: [messageOf(f5)], reason: 'asked not to be mailed' });
    await reviewer.post(`/api/reviews/${review.id}/approve`);

    // Five mails: the edited text for F0, nothing for F5.
    const mails = await env.sink.waitFor(5, 30_000);
    const to = (mail: (typeof mails)[number]) => (mail.to as { text?: string } | undefined)?.text ?? '';
    expect(mails.map(to).sort()).toEqual(['acc0@example.test', 'acc1@example.test', 'acc2@example.test', 'acc3@example.test', 'acc4@example.test']);
    const edited = mails.find((mail) => to(mail) === 'acc0@example.test')!;
    expect(edited.subject).toBe('A word for F0');
    expect(edited.text).toContain('Dear F0, the access point is yours at a special price.');
    expect(mails.find((mail) => to(mail) === 'acc1@example.test')!.text).toContain('Hello F1, the new access point is here.');

    // After the wait, each agent has their store's calls, and only those.
    const anaCalls = await eventually(async () => ((await ana.calls(run.runId)).length === 3 ? ana.calls(run.runId) : undefined), 30_000, "north's calls");
    expect(anaCalls.map((call) => call.contactId).sort()).toEqual([f0, f1, f2].sort());
    const bobCalls = await eventually(async () => ((await bob.calls(run.runId)).length === 2 ? bob.calls(run.runId) : undefined), 30_000, "south's calls");
    expect(bobCalls.map((call) => call.contactId).sort()).toEqual([f3, f4].sort());
    const callOf = (calls: Call[], contactId: string) => calls.find((call) => call.contactId === contactId)!.id;

    // North: F0 interested; F1 rescheduled, then not interested; F2 no answer, then interested on the second call.
    await ana.post(`/api/tasks/${callOf(anaCalls, f0)}/complete`, { outcome: 'interested', comment: 'Wants two' });
    const rescheduled = (await ana.post(`/api/tasks/${callOf(anaCalls, f1)}/reschedule`, { preset: '+2h' })) as { dueAt: string };
    expect(Date.parse(rescheduled.dueAt)).toBeGreaterThan(Date.now() + 2 * 3_600_000 - 60_000);
    await ana.post(`/api/tasks/${callOf(anaCalls, f1)}/complete`, { outcome: 'not_interested' });
    await ana.post(`/api/tasks/${callOf(anaCalls, f2)}/complete`, { outcome: 'no_answer' });
    // South: F3 interested, F4 not interested.
    await bob.post(`/api/tasks/${callOf(bobCalls, f3)}/complete`, { outcome: 'interested' });
    await bob.post(`/api/tasks/${callOf(bobCalls, f4)}/complete`, { outcome: 'not_interested' });

    const second = await eventually(async () => (await ana.calls(run.runId)).find((call) => call.contactId === f2 && call.attempt === 2 && call.status === 'open'), 30_000, "F2's second call");
    await ana.post(`/api/tasks/${second.id}/complete`, { outcome: 'interested', comment: 'Answered the second time' });

    // The run ends; the opportunities are exactly the interested members', at today's price.
    await env.temporal.client.workflow.getHandle(run.workflowId).result();
    const { rows } = await db.query<{ contactId: string; amount: string; ownerId: string | null; productId: string }>(
      `SELECT o.contact_id AS "contactId", o.expected_revenue::text AS amount, o.owner_id AS "ownerId", op.product_id AS "productId"
         FROM opportunities o LEFT JOIN opportunity_products op ON op.opportunity_id = o.id
        WHERE o.run_id = $1 ORDER BY o.contact_id`,
      [run.runId],
    );
    expect(rows.map((row) => row.contactId)).toEqual([f0, f2, f3].sort());
    expect(rows.every((row) => Number(row.amount) === PRICE && row.productId === productId)).toBe(true);
    const agentOf = new Map([
      [f0, anaSignIn.userId],
      [f2, anaSignIn.userId],
      [f3, bobSignIn.userId],
    ]);
    expect(rows.map((row) => row.ownerId)).toEqual(rows.map((row) => agentOf.get(row.contactId)));
    const finals = await db.query<{ contact_id: string; status: string }>('SELECT contact_id, status FROM campaign_members WHERE run_id = $1', [run.runId]);
    expect(Object.fromEntries(finals.rows.map((row) => [row.contact_id, row.status]))).toMatchObject({ [f5]: 'not mailed', [f1]: 'called', [f4]: 'called' });
  }, 240_000);
});
