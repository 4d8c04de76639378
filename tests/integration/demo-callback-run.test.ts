import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SESSION_COOKIE } from '../../api/session-cookie';
import { inTransaction, type Db } from '../../db/pool';
import { openSession } from '../../db/sessions';
import { DEMO_SIGN_IN_EMAILS } from '../../scripts/seed-demo-crm';
import { seedDemo, type DemoSeedResult } from '../../scripts/seed-demo';
import { DEMO_CALLBACK_TOPIC_CODE } from '../../scripts/seed-demo-callback';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { OWN_ORIGIN } from '../support/sign-in';


/** Requests as a demo person, signed in by a session cookie as their browser would be. */
async function demoPerson(app: FastifyInstance, db: Db, email: string) {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
  const session = await inTransaction(db, (client) => openSession(client, rows[0]!.id, { address: 'test' }));
  const headers = { cookie: `${SESSION_COOKIE}=${session}`, origin: OWN_ORIGIN };
  return (method: InjectOptions['method'], url: string, payload?: object) => app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

/** The demo's second campaign as a first-time user runs it after `npm start`. */
describe('the demo call-back campaign', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;
  let demo: DemoSeedResult;
  beforeAll(async () => {
    env = await startCampaignEnv();
    demo = await seedDemo(env.database.db);
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue });
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  it('run by the demo designer and approved, mails the Milan contacts and gives the demo agent their calls', async () => {
    const { db } = env.database;
    const designer = await demoPerson(app, db, DEMO_SIGN_IN_EMAILS.designer);
    const agent = await demoPerson(app, db, DEMO_SIGN_IN_EMAILS.agent);
    const audience = (
      await db.query<{ n: number }>(
        // The call-back campaign is marketing mail: it reaches the agent's store's Italian contacts subscribed to its topic.
        `SELECT count(*)::int AS n FROM contacts c JOIN users u ON u.store_id = c.store_id
         WHERE u.email = $1 AND c.country = 'IT' AND c.email IS NOT NULL
           AND EXISTS (SELECT 1 FROM subscriptions s JOIN topics t ON t.id = s.topic_id
                       WHERE s.contact_id = c.id AND t.code = $2 AND s.status = 'subscribed')`,
        [DEMO_SIGN_IN_EMAILS.agent, DEMO_CALLBACK_TOPIC_CODE],
      )
    ).rows[0]!.n;
    expect(audience).toBeGreaterThan(0);

    const preview = await designer('GET', `/api/campaigns/${demo.callbackCampaignId}/start-preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ refusal: null });
    const started = await designer('POST', `/api/campaigns/${demo.callbackCampaignId}/runs`);
    expect(started.statusCode, started.body).toBe(201);
    const { runId, workflowId } = started.json<{ runId: string; workflowId: string }>();

    // The review waits for a designer: nothing is sent and nobody is called before it is approved.
    const review = await eventually(async () => {
      const open = (await designer('GET', '/api/reviews')).json<{ id: string; runId: string }[]>();
      return open.find((task) => task.runId === runId);
    }, 30_000, 'the review task');
    expect(env.sink.messages).toHaveLength(0);
    const approved = await designer('POST', `/api/reviews/${review.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    await env.sink.waitFor(audience, 30_000);

    // After the one-minute wait the calls appear in the demo agent's queue: one per contact.
    const queue = await eventually(
      async () => {
        const response = await agent('GET', `/api/tasks?runId=${runId}`);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: { id: string; contactId: string }[]; totals: { open: number } }>();
        // The page and its totals are two reads: while the calls are still being made the totals
        // may already count them all and the page (read first) none, so wait for both.
        return page.totals.open === audience && page.items.length === Math.min(audience, 50) ? page : undefined;
      },
      120_000,
      'the agent’s calls',
    );
    expect(new Set(queue.items.map((task) => task.contactId)).size).toBe(Math.min(audience, queue.items.length));
    const detail = await agent('GET', `/api/tasks/${queue.items[0]!.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json<{ script: string }>().script).toMatch(/Milano/);

    await env.temporal.client.workflow.getHandle(workflowId).cancel();
  }, 240_000);
});
