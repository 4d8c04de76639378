import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SYSTEM_ACTOR } from '../../db/audit';
import { createCampaign } from '../../db/campaigns';
import { ensureCohorts } from '../../db/cohorts';
import { addContactEvent } from '../../db/contact-events';
import { createFlow } from '../../db/flows';
import { markSent } from '../../db/messages';
import { insertRenderedDrafts } from '../../db/message-drafts';
import { createOpportunity } from '../../db/opportunities';
import { loseOpportunity } from '../../db/opportunity-closing';
import { insertRun } from '../../db/runs';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

interface HistoryItemBody {
  at: string;
  kind: string;
  title: string;
  detail?: string;
  ref?: { type: string; id: string };
  data: Record<string, unknown>;
}

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offset: number) => new Date(T0 + offset).toISOString();

/** What the contact lived through, oldest first: the order the history must give back. */
const EXPECTED_ASC = [
  'lead_created',
  'consent', // requested as a lead
  'lead_converted',
  'campaign_joined',
  'message',
  'engagement', // open
  'engagement', // click
  'task_created',
  'task_closed',
  'opportunity_created',
  'note',
  'opportunity_lost',
  'consent', // withdrawn as the contact
];

/** The history reads only Postgres: no Temporal needed, the client is never called. */
describe('per-contact history API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let contactId: string;
  let otherContactId: string;
  let messageId: string;
  let campaignId: string;
  let leadId: string;

  const sql = (text: string, values: unknown[] = []) => database.db.query(text, values);

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_history');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);

    contactId = (await sql(`INSERT INTO contacts (email, first_name) VALUES ('eva@example.test', 'Eva') RETURNING id`)).rows[0].id;
    otherContactId = (await sql(`INSERT INTO contacts (email) VALUES ('other@example.test') RETURNING id`)).rows[0].id;

    // The lead Eva was first, converted into the contact, with consent given as the lead.
    leadId = (await sql(`INSERT INTO leads (first_name, email, source, created_at) VALUES ('Eva', 'eva@example.test', 'fair', $1) RETURNING id`, [at(-10 * DAY)])).rows[0].id;
    const topicId = (await sql(`INSERT INTO topics (code, name) VALUES ('NEWS', 'Newsletter') RETURNING id`)).rows[0].id;
    await sql(
      `INSERT INTO consent_records (lead_id, topic_id, channel, action, source, text_shown, recorded_at)
       VALUES ($1, $2, 'email', 'requested', 'fair_booth', 'Send me the newsletter', $3)`,
      [leadId, topicId, at(-9 * DAY)],
    );
    await sql(`UPDATE leads SET status = 'converted', converted_contact_id = $2, converted_at = $3 WHERE id = $1`, [leadId, contactId, at(-8 * DAY)]);
    await sql(`INSERT INTO contact_events (contact_id, kind, title, data, occurred_at) VALUES ($1, 'lead_converted', 'Converted from lead', $2, $3)`, [
      contactId,
      JSON.stringify({ leadId }),
      at(-8 * DAY),
    ]);

    // A campaign run she was a member of, with the message she received and what she did with it.
    const flow = await createFlow(database.db, SYSTEM_ACTOR, { name: 'Spring flow', graph: { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes: [], edges: [] } });
    const created = await createCampaign(database.db, SYSTEM_ACTOR, { name: 'Spring offer', flowId: flow.id });
    if (!('campaign' in created)) throw new Error('campaign not created');
    campaignId = created.campaign.id;
    const runId = randomUUID();
    await insertRun(database.db, { id: runId, campaignId, flowId: flow.id, flowVersion: 1, workflowId: `history-${runId}` });
    const cohortId = randomUUID();
    await ensureCohorts(database.db, runId, 'audience', { out: { cohortId, targetNodeId: 'send' } });
    await sql(`INSERT INTO campaign_members (run_id, contact_id, cohort_id, entered_at) VALUES ($1, $2, $3, $4)`, [runId, contactId, cohortId, at(0)]);

    await insertRenderedDrafts(database.db, { runId, nodeId: 'generate', arrivalId: randomUUID(), channel: 'email' }, [
      { contactId, toAddress: 'eva@example.test', subject: 'Spring offer for Eva', bodyText: 'Dear Eva, 20% off until Friday.', bodyHtml: null, language: 'en', headers: {}, links: [], marketing: true },
    ]);
    messageId = (await sql(`SELECT id FROM messages WHERE contact_id = $1`, [contactId])).rows[0].id;
    await sql(`UPDATE messages SET body_html = '<p>Dear Eva, 20% off until Friday.</p>' WHERE id = $1`, [messageId]);
    await markSent(database.db, [{ id: messageId, providerId: 'smtp-1' }]);
    await sql(`UPDATE messages SET created_at = $2, sent_at = $3 WHERE id = $1`, [messageId, at(HOUR / 2), at(HOUR)]);
    await sql(`INSERT INTO events (contact_id, run_id, message_id, type, at) VALUES ($1, $2, $3, 'open', $4)`, [contactId, runId, messageId, at(2 * HOUR)]);
    await sql(`INSERT INTO events (contact_id, run_id, message_id, type, data, at) VALUES ($1, $2, $3, 'click', $4, $5)`, [
      contactId,
      runId,
      messageId,
      JSON.stringify({ url: 'https://shop.example.test/spring' }),
      at(3 * HOUR),
    ]);

    // The call-back and its outcome.
    const teamId = (await sql(`INSERT INTO teams (name) VALUES ('Cluj callers') RETURNING id`)).rows[0].id;
    await sql(
      `INSERT INTO tasks (type, run_id, node_id, contact_id, team, due_at, status, outcome, notes, created_at, closed_at)
       VALUES ('callback', $1, 'callback', $2, $6, $3, 'closed', 'interested', 'Wants a quote for two', $4, $5)`,
      [runId, contactId, at(2 * DAY), at(DAY), at(2 * DAY), teamId],
    );

    // The opportunity that followed, lost; the opportunities module also mirrors it on the timeline.
    const opportunity = await createOpportunity(database.db, { title: 'Two bikes', contactId, campaignId, expectedRevenue: '1800' });
    if (!('ok' in opportunity)) throw new Error('opportunity not created');
    await loseOpportunity(database.db, opportunity.ok.id, 'Price too high');
    await sql(`UPDATE opportunities SET created_at = $2, closed_at = $3 WHERE id = $1`, [opportunity.ok.id, at(2 * DAY + HOUR), at(5 * DAY)]);
    await sql(`UPDATE contact_events SET occurred_at = $2 WHERE contact_id = $1 AND kind LIKE 'opportunity_%'`, [contactId, at(2 * DAY + HOUR)]);

    const note = await addContactEvent(database.db, contactId, { kind: 'note', title: 'Called back', body: 'Will think about it' });
    await sql(`UPDATE contact_events SET occurred_at = $2 WHERE id = $1`, [note!.id, at(3 * DAY)]);
    await sql(
      `INSERT INTO consent_records (contact_id, topic_id, channel, action, source, recorded_at) VALUES ($1, $2, 'email', 'withdrawn', 'unsubscribe_link', $3)`,
      [contactId, topicId, at(6 * DAY)],
    );

    // Someone else's history must not leak in.
    await addContactEvent(database.db, otherContactId, { kind: 'note', title: 'Not Eva' });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const history = async (query = '') => {
    const response = await app.inject({ method: 'GET', url: `/api/contacts/${contactId}/history${query}` });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: HistoryItemBody[]; nextCursor: string | null };
  };

  it('returns every kind in one call, newest first by default', async () => {
    const page = await history();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item) => item.kind)).toEqual([...EXPECTED_ASC].reverse());
    const times = page.items.map((item) => Date.parse(item.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page.items.some((item) => item.title === 'Not Eva')).toBe(false);
  });

  it('carries what was said and done: message content, engagement, task outcome, loss reason, consent wording, the lead', async () => {
    const items = (await history('?order=asc')).items;
    const byKind = (kind: string) => items.filter((item) => item.kind === kind);

    expect(byKind('message')).toEqual([
      {
        at: at(HOUR),
        kind: 'message',
        title: 'E-mail sent: Spring offer for Eva',
        detail: 'Dear Eva, 20% off until Friday.',
        ref: { type: 'message', id: messageId },
        data: expect.objectContaining({
          channel: 'email',
          status: 'sent',
          toAddress: 'eva@example.test',
          subject: 'Spring offer for Eva',
          bodyText: 'Dear Eva, 20% off until Friday.',
          bodyHtml: '<p>Dear Eva, 20% off until Friday.</p>',
          campaignName: 'Spring offer',
        }),
      },
    ]);
    expect(byKind('campaign_joined')).toEqual([expect.objectContaining({ at: at(0), title: 'Joined campaign Spring offer', ref: { type: 'campaign', id: campaignId } })]);
    expect(byKind('engagement').map((item) => [item.data.type, item.detail, item.ref?.id])).toEqual([
      ['open', undefined, messageId],
      ['click', 'https://shop.example.test/spring', messageId],
    ]);
    expect(byKind('task_closed')).toEqual([
      expect.objectContaining({ title: 'Call-back task closed: interested', detail: 'Wants a quote for two', data: expect.objectContaining({ outcome: 'interested' }) }),
    ]);
    // Shown once each, from the opportunity itself, though its module also logged them as contact events.
    expect(byKind('opportunity_created')).toEqual([expect.objectContaining({ title: 'Opportunity opened: Two bikes', ref: expect.objectContaining({ type: 'opportunity' }) })]);
    expect(byKind('opportunity_lost')).toEqual([expect.objectContaining({ at: at(5 * DAY), detail: 'Price too high' })]);
    expect(byKind('note')).toEqual([expect.objectContaining({ title: 'Called back', detail: 'Will think about it' })]);
    expect(byKind('consent').map((item) => [item.data.action, item.data.viaLeadId ?? null, item.detail])).toEqual([
      ['requested', leadId, 'Send me the newsletter'],
      ['withdrawn', null, undefined],
    ]);
    expect(byKind('lead_created')).toEqual([expect.objectContaining({ at: at(-10 * DAY), ref: { type: 'lead', id: leadId } })]);
  });

  it('pages with the opaque cursor in either order without skipping or repeating a line', async () => {
    for (const order of ['desc', 'asc'] as const) {
      const kinds: string[] = [];
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await history(`?order=${order}&limit=4${cursor ? `&before=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(4);
        kinds.push(...page.items.map((item) => item.kind));
        seen.push(...page.items.map((item) => `${item.at}|${item.kind}|${item.title}`));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBe(Math.ceil(EXPECTED_ASC.length / 4));
      expect(kinds).toEqual(order === 'asc' ? EXPECTED_ASC : [...EXPECTED_ASC].reverse());
      expect(new Set(seen).size).toBe(EXPECTED_ASC.length);
    }
  });

  it('refuses a cursor it did not make, or one made for the other order', async () => {
    const first = await history('?limit=2');
    const wrongOrder = await app.inject({ method: 'GET', url: `/api/contacts/${contactId}/history?order=asc&before=${first.nextCursor}` });
    expect(wrongOrder.statusCode).toBe(400);
    expect(wrongOrder.json().errors).toEqual([expect.objectContaining({ field: 'before' })]);
    const garbage = await app.inject({ method: 'GET', url: `/api/contacts/${contactId}/history?before=bm9wZQ` });
    expect(garbage.statusCode).toBe(400);
    const badOrder = await app.inject({ method: 'GET', url: `/api/contacts/${contactId}/history?order=sideways` });
    expect(badOrder.statusCode).toBe(400);
    expect(JSON.stringify(badOrder.json().errors)).toContain('order');
  });

  it('answers 404 for a contact that does not exist, and an empty page for one with no history', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/contacts/00000000-0000-4000-8000-000000000000/history' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const quiet = (await sql(`INSERT INTO contacts (email) VALUES ('quiet@example.test') RETURNING id`)).rows[0].id;
    const empty = await app.inject({ method: 'GET', url: `/api/contacts/${quiet}/history` });
    expect(empty.json()).toEqual({ items: [], nextCursor: null });
  });
});
