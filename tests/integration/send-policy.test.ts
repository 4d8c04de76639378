/**
 * The consent policy asked at generate and at send (db/send-policy.ts), on real Postgres, with the
 * facts written through the same functions the API uses: the suppression list, topic
 * subscriptions (subscribed, pending, unsubscribed, none), channel-level consent withdrawals, and
 * a campaign that is marketing with a topic, marketing without one, or service mail.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../db/audit';
import { recordChannelConsent } from '../../db/consent-records';
import type { Db } from '../../db/pool';
import { refusedForMail } from '../../db/send-policy';
import { requestSubscription, unsubscribe } from '../../db/subscriptions';
import { addSuppression } from '../../db/suppressions';
import { createTopic } from '../../db/topics';
import { SUPPRESS_REASONS } from '../../flow/nodes/send';
import { seedContacts, type SeedContact } from '../support/campaign-harness';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const person = (email: string): SeedContact => ({ email, first_name: 'P', last_name: 'Q', gender: null, language: 'en' });

/** A run of a campaign with this purpose and topic (the policy reads them through the run). */
async function runOf(db: Db, campaign: { purpose: 'marketing' | 'service'; topicId: string | null }): Promise<string> {
  const flow = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('Policy flow') RETURNING id`)).rows[0]!.id;
  await db.query(`INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, '{}'::jsonb)`, [flow]);
  const campaignId = (
    await db.query<{ id: string }>('INSERT INTO campaigns (name, flow_id, mail_purpose, topic_id) VALUES ($1, $2, $3, $4) RETURNING id', ['Policy', flow, campaign.purpose, campaign.topicId])
  ).rows[0]!.id;
  const runId = randomUUID();
  await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id) VALUES ($1, $2, $3, 1, $4)`, [runId, campaignId, flow, `policy-${runId}`]);
  return runId;
}

describe('refusedForMail: who may not be mailed now, and why', () => {
  let database: TestDatabase;
  let ids: Record<string, string>;
  let marketingRun: string;
  let serviceRun: string;
  let noTopicRun: string;

  beforeAll(async () => {
    database = await createTestDatabase('cs_send_policy');
    const { db } = database;
    const names = ['subscribed', 'listed', 'unsubscribed', 'never', 'pending', 'withdrawn', 'regranted', 'otherTopicOut'];
    const contactIds = await seedContacts(db, names.map((name) => person(`${name}@example.test`)));
    ids = Object.fromEntries(names.map((name, i) => [name, contactIds[i]!]));
    const news = await createTopic(db, { code: 'news', name: 'News', doubleOptIn: false });
    const confirmed = await createTopic(db, { code: 'confirmed', name: 'Needs confirming', doubleOptIn: true });
    const other = await createTopic(db, { code: 'other', name: 'Other', doubleOptIn: false });
    if (!('topic' in news) || !('topic' in confirmed) || !('topic' in other)) throw new Error('topics not created');
    const subscribe = (contactId: string, topic: string) => requestSubscription(db, SYSTEM_ACTOR, { contactId }, { topic, source: 'test', textShown: 'Yes, mail me' });
    for (const name of ['subscribed', 'listed', 'unsubscribed', 'withdrawn', 'regranted', 'otherTopicOut']) await subscribe(ids[name]!, 'news');
    await unsubscribe(db, SYSTEM_ACTOR, { contactId: ids.unsubscribed! }, 'news', { source: 'test' });
    await subscribe(ids.pending!, 'confirmed');
    // Leaving another topic is that topic's matter: it does not withdraw e-mail as a channel.
    await subscribe(ids.otherTopicOut!, 'other');
    await unsubscribe(db, SYSTEM_ACTOR, { contactId: ids.otherTopicOut! }, 'other', { source: 'test' });
    // Listed in another spelling: the list compares addresses lower-cased.
    await db.query('UPDATE contacts SET email = $2 WHERE id = $1', [ids.listed, 'Listed@Example.TEST']);
    await addSuppression(db, SYSTEM_ACTOR, { channel: 'email', address: 'listed@example.test', reason: 'bounce' });
    await recordChannelConsent(db, SYSTEM_ACTOR, ids.withdrawn!, { channel: 'email', action: 'withdrawn', source: 'phone call' });
    // Withdrawn, then granted again: the latest record decides.
    await recordChannelConsent(db, SYSTEM_ACTOR, ids.regranted!, { channel: 'any', action: 'withdrawn', source: 'form' });
    await recordChannelConsent(db, SYSTEM_ACTOR, ids.regranted!, { channel: 'email', action: 'granted', source: 'form' });
    marketingRun = await runOf(db, { purpose: 'marketing', topicId: news.topic.id });
    serviceRun = await runOf(db, { purpose: 'service', topicId: null });
    noTopicRun = await runOf(db, { purpose: 'marketing', topicId: null });
  });
  afterAll(() => database?.drop());

  const named = (refused: Map<string, string>) =>
    Object.fromEntries(Object.entries(ids).flatMap(([name, id]) => (refused.has(id) ? [[name, refused.get(id)]] : [])));

  it('marketing mail: only a confirmed subscriber of the topic, not listed and not withdrawn, may be mailed', async () => {
    const refused = await refusedForMail(database.db, marketingRun, Object.values(ids));
    expect(named(refused)).toEqual({
      listed: SUPPRESS_REASONS.suppressed('bounce'),
      unsubscribed: SUPPRESS_REASONS.unsubscribed('news'),
      never: SUPPRESS_REASONS.notSubscribed('news'),
      pending: SUPPRESS_REASONS.notSubscribed('news'),
      withdrawn: SUPPRESS_REASONS.consentWithdrawn,
    });
    expect(refused.get(ids.listed!)).toBe('on the suppression list (bounce)');
  });

  it('a pending subscription to the campaign’s topic is "not confirmed"', async () => {
    const { db } = database;
    const topic = (await db.query<{ id: string }>(`SELECT id FROM topics WHERE code = 'confirmed'`)).rows[0]!.id;
    const run = await runOf(db, { purpose: 'marketing', topicId: topic });
    const refused = await refusedForMail(db, run, [ids.pending!, ids.subscribed!]);
    expect(named(refused)).toEqual({ pending: 'subscription to topic confirmed not confirmed', subscribed: SUPPRESS_REASONS.notSubscribed('confirmed') });
  });

  it('service mail skips only the subscription: the list and a withdrawal still refuse', async () => {
    const refused = await refusedForMail(database.db, serviceRun, Object.values(ids));
    expect(named(refused)).toEqual({ listed: SUPPRESS_REASONS.suppressed('bounce'), withdrawn: SUPPRESS_REASONS.consentWithdrawn });
  });

  it('marketing mail of a campaign that names no topic refuses everyone', async () => {
    const refused = await refusedForMail(database.db, noTopicRun, [ids.subscribed!, ids.listed!]);
    expect(named(refused)).toEqual({ subscribed: 'the campaign names no topic', listed: SUPPRESS_REASONS.suppressed('bounce') });
  });

  it('answers only for the contacts asked about; an empty page asks nothing', async () => {
    expect(named(await refusedForMail(database.db, marketingRun, [ids.never!]))).toEqual({ never: SUPPRESS_REASONS.notSubscribed('news') });
    expect((await refusedForMail(database.db, marketingRun, [])).size).toBe(0);
  });
});
