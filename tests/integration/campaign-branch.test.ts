import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { runProgress } from '../../db/runs';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { freshOutputs, handlesTaken, nodeBench, runToCompletion, seatMembers } from '../support/node-batches';

/** Each member's journey status, by e-mail. */
async function statuses(db: Db, runId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ email: string; status: string }>(
    'SELECT c.email, m.status FROM campaign_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 ORDER BY c.email',
    [runId],
  );
  return Object.fromEntries(rows.map((row) => [row.email, row.status]));
}

/** The bucket the split promises, computed here without the database: md5(run id || contact id), first 32 bits, mod 10,000. */
function bucketOf(runId: string, contactId: string): number {
  return Number.parseInt(createHash('md5').update(runId + contactId).digest('hex').slice(0, 8), 16) % 10_000;
}

describe('the branch node, on the real engine', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('splits 10,000 members at random within tolerance, by a hash of (run, contact), the same way when the batch is retried', async () => {
    const { database, sink } = env;
    const db = database.db;
    const ids = await seedContacts(db, taggedContacts(10_000, 'split'));
    const split = { id: 'split', type: 'branch', config: { mode: 'random', variants: [{ name: 'a', percent: 20 }, { name: 'b', percent: 30 }, { name: 'c', percent: 50 }] } };
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('split') },
        split,
        { id: 'end-a', type: 'end', config: { finalStatus: 'a' } },
        { id: 'end-b', type: 'end', config: { finalStatus: 'b' } },
        { id: 'end-c', type: 'end', config: { finalStatus: 'c' } },
      ],
      ['audience:out->split', 'split:a->end-a', 'split:b->end-b', 'split:c->end-c'],
    );
    const run = await runToCompletion(env, flow);

    const outcomes = (await runProgress(db, run.runId))?.nodes.split?.outcomes ?? {};
    expect(outcomes.a! + outcomes.b! + outcomes.c!).toBe(10_000);
    // 10,000 draws: one standard deviation is at most 50 members; 2 points is four of them.
    expect(Math.abs(outcomes.a! - 2_000)).toBeLessThan(200);
    expect(Math.abs(outcomes.b! - 3_000)).toBeLessThan(200);
    expect(Math.abs(outcomes.c! - 5_000)).toBeLessThan(200);

    const { rows } = await db.query<{ contactId: string; status: string }>('SELECT contact_id AS "contactId", status FROM campaign_members WHERE run_id = $1', [run.runId]);
    const taken = new Map(rows.map((row) => [row.contactId, row.status]));
    const promised = (contactId: string) => {
      const bucket = bucketOf(run.runId, contactId);
      return bucket < 2_000 ? 'a' : bucket < 5_000 ? 'b' : 'c';
    };
    expect(ids.filter((id) => taken.get(id) !== promised(id))).toEqual([]);

    // The branch's activity again over the same members, as a retry after a worker died would
    // run it: the first attempt stops after 2,500 members, the retry starts over from the batch's
    // own state and finishes. Everyone goes the way the workflow sent them.
    const bench = await nodeBench(db, run.runId, sink.url);
    const node = flow.nodes.find((n) => n.id === 'split')!;
    const cohortId = await seatMembers(db, run.runId, 'split', ids);
    const outputs = freshOutputs(node);
    expect((await bench.runBatch(node, cohortId, outputs, { members: 2_500 })).done).toBe(false);
    expect((await bench.runBatch(node, cohortId, outputs)).done).toBe(true);
    const again = await handlesTaken(db, run.runId, outputs);
    expect(again.size).toBe(10_000);
    expect(ids.filter((id) => again.get(id) !== taken.get(id))).toEqual([]);
  }, 120_000);

  it('splits by rule: rules are tried in order, the first match wins, the rest leave by else', async () => {
    const { database } = env;
    const db = database.db;
    const person = (email: string, attributes: Record<string, unknown>) => ({ email, first_name: 'R', last_name: 'L', gender: null, language: 'en', attributes: { cohort: 'rule', ...attributes } });
    await seedContacts(db, [
      person('gold-paris@example.test', { tier: 'gold', town: 'Paris' }),
      person('gold-lyon@example.test', { tier: 'gold', town: 'Lyon' }),
      person('silver-paris@example.test', { tier: 'silver', town: 'Paris' }),
      person('silver-lyon@example.test', { tier: 'silver', town: 'Lyon' }),
      person('nobody@example.test', {}),
    ]);
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('rule') },
        {
          id: 'sort',
          type: 'branch',
          config: {
            mode: 'rule',
            branches: [
              { name: 'vip', rule: { op: 'and', rules: [{ field: 'attributes.tier', operator: 'eq', value: 'gold' }] } },
              { name: 'paris', rule: { op: 'and', rules: [{ field: 'attributes.town', operator: 'eq', value: 'Paris' }, { op: 'not', rule: { field: 'attributes.tier', operator: 'eq', value: 'gold' } }] } },
            ],
          },
        },
        { id: 'vip', type: 'end', config: { finalStatus: 'vip' } },
        { id: 'paris', type: 'end', config: { finalStatus: 'paris' } },
        { id: 'rest', type: 'end', config: { finalStatus: 'rest' } },
      ],
      ['audience:out->sort', 'sort:vip->vip', 'sort:paris->paris', 'sort:else->rest'],
    );
    const run = await runToCompletion(env, flow);
    expect(await statuses(db, run.runId)).toEqual({
      'gold-lyon@example.test': 'vip',
      'gold-paris@example.test': 'vip',
      'nobody@example.test': 'rest',
      'silver-lyon@example.test': 'rest',
      'silver-paris@example.test': 'paris',
    });
    expect((await runProgress(db, run.runId))?.nodes.sort?.outcomes).toEqual({ vip: 2, paris: 1, else: 2 });
  });

  it('splits by topic: only a confirmed subscription to that topic goes by yes', async () => {
    const { database } = env;
    const db = database.db;
    // topic3 never subscribed to anything.
    const [subscribed, pending, unsubscribed, , otherTopic] = await seedContacts(db, taggedContacts(5, 'topic'));
    const topic = async (code: string) => (await db.query<{ id: string }>(`INSERT INTO topics (code, name, double_opt_in) VALUES ($1, $1, false) RETURNING id`, [code])).rows[0]!.id;
    const news = await topic('branch-news');
    const promos = await topic('branch-promos');
    await db.query(
      `INSERT INTO subscriptions (contact_id, topic_id, status) VALUES ($1, $4, 'subscribed'), ($2, $4, 'pending'), ($3, $4, 'unsubscribed'), ($5, $6, 'subscribed')`,
      [subscribed, pending, unsubscribed, news, otherTopic, promos],
    );
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('topic') },
        { id: 'asks', type: 'branch', config: { mode: 'topic', topic: 'branch-news' } },
        { id: 'yes', type: 'end', config: { finalStatus: 'subscribed' } },
        { id: 'no', type: 'end', config: { finalStatus: 'not subscribed' } },
      ],
      ['audience:out->asks', 'asks:yes->yes', 'asks:else->no'],
    );
    const run = await runToCompletion(env, flow);
    expect(await statuses(db, run.runId)).toEqual({
      'topic0@example.test': 'subscribed',
      'topic1@example.test': 'not subscribed',
      'topic2@example.test': 'not subscribed',
      'topic3@example.test': 'not subscribed',
      'topic4@example.test': 'not subscribed',
    });
  });

  it('splits by engagement: a click or reply on this run’s message goes by yes; an open, or a click elsewhere, does not', async () => {
    const { database, temporal, taskQueue, sink } = env;
    const db = database.db;
    await seedContacts(db, taggedContacts(4, 'engaged'));
    const templateId = await seedTemplate(db, { subject: 'News for {{contact.firstName}}', body: '{{salutation}}' });
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('engaged') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'pause', type: 'wait', config: { mode: 'duration', amount: 5, unit: 'seconds' } },
        { id: 'reacted', type: 'branch', config: { mode: 'engagement', events: ['click', 'reply'] } },
        { id: 'hot', type: 'end', config: { finalStatus: 'hot' } },
        { id: 'cold', type: 'end', config: { finalStatus: 'cold' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'send:sent->pause', 'pause:out->reacted', 'reacted:yes->hot', 'reacted:else->cold'],
    );
    const run = await startCampaignRun(db, temporal.client, taskQueue, flow);
    await eventually(async () => (await runProgress(db, run.runId))?.nodes.pause?.current === 4, 20_000, 'members waiting');
    expect(sink.messages.filter((mail) => ((mail.to as { text?: string } | undefined)?.text ?? '').startsWith('engaged'))).toHaveLength(4);
    const { rows } = await db.query<{ email: string; contactId: string; messageId: string }>(
      'SELECT c.email, m.contact_id AS "contactId", m.id AS "messageId" FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1',
      [run.runId],
    );
    const of = (email: string) => rows.find((row) => row.email === email)!;
    const event = (email: string, type: string, runId: string | null) =>
      db.query('INSERT INTO events (contact_id, run_id, message_id, type) VALUES ($1, $2, $3, $4)', [of(email).contactId, runId, runId ? of(email).messageId : null, type]);
    await event('engaged0@example.test', 'click', run.runId);
    await event('engaged1@example.test', 'reply', run.runId);
    await event('engaged2@example.test', 'open', run.runId);
    await event('engaged3@example.test', 'click', null);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    expect(await statuses(db, run.runId)).toEqual({
      'engaged0@example.test': 'hot',
      'engaged1@example.test': 'hot',
      'engaged2@example.test': 'cold',
      'engaged3@example.test': 'cold',
    });
  });

  it('joins: both outputs of a branch feed one update node, each member passing it once', async () => {
    const { database } = env;
    const db = database.db;
    const ids = await seedContacts(db, taggedContacts(40, 'join'));
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('join') },
        { id: 'coin', type: 'branch', config: { mode: 'random', variants: [{ name: 'heads', percent: 50 }, { name: 'tails', percent: 50 }] } },
        { id: 'later', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
        { id: 'note', type: 'update', config: { operations: [{ kind: 'logEvent', eventKind: 'campaign_join', title: 'Passed the join' }] } },
        { id: 'end', type: 'end', config: { finalStatus: 'joined' } },
      ],
      ['audience:out->coin', 'coin:heads->note', 'coin:tails->later', 'later:out->note', 'note:out->end'],
    );
    const run = await runToCompletion(env, flow);
    const progress = await runProgress(db, run.runId);
    const coin = progress?.nodes.coin?.outcomes ?? {};
    // Both edges carried someone (all 40 one way has odds of 2 × 2^-40).
    expect(coin.heads).toBeGreaterThan(0);
    expect(coin.tails).toBeGreaterThan(0);
    expect(coin.heads! + coin.tails!).toBe(40);
    expect(progress?.nodes.note?.outcomes).toEqual({ out: 40 });
    expect(progress?.finished).toBe(40);
    const logged = await db.query<{ contactId: string; count: string }>(
      `SELECT contact_id AS "contactId", count(*) AS count FROM contact_events WHERE run_id = $1 AND kind = 'campaign_join' GROUP BY contact_id`,
      [run.runId],
    );
    expect(logged.rows).toHaveLength(40);
    expect(logged.rows.every((row) => row.count === '1')).toBe(true);
    expect(new Set(logged.rows.map((row) => row.contactId))).toEqual(new Set(ids));
    expect(new Set(Object.values(await statuses(db, run.runId)))).toEqual(new Set(['joined']));
  });
});
