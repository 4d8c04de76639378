import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { runProgress } from '../../db/runs';
import type { FlowGraph } from '../../flow/graph';
import { graphOf, seedContacts, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { freshOutputs, handlesTaken, nodeBench, recordBenchRun, runToCompletion, seatMembers } from '../support/node-batches';

async function contactIdsByEmail(db: Db, prefix: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string; email: string }>('SELECT id, email FROM contacts WHERE email LIKE $1', [`${prefix}%`]);
  return Object.fromEntries(rows.map((row) => [row.email.replace('@example.test', ''), row.id]));
}

async function insertTopic(db: Db, code: string, doubleOptIn = false): Promise<string> {
  return (await db.query<{ id: string }>('INSERT INTO topics (code, name, double_opt_in) VALUES ($1, $1, $2) RETURNING id', [code, doubleOptIn])).rows[0]!.id;
}

async function insertUser(db: Db, name: string): Promise<string> {
  return (await db.query<{ id: string }>(`INSERT INTO users (email, name, role) VALUES ($1, $2, 'agent') RETURNING id`, [`${name.toLowerCase()}@staff.test`, name])).rows[0]!.id;
}

/** audience → one node → end, for bench runs of that node. */
function around(node: { id: string; type: string; config: Record<string, unknown> }, handle: string, prefix: string): FlowGraph {
  return graphOf(
    [{ id: 'audience', type: 'audience', config: taggedAudience(prefix) }, node, { id: 'end', type: 'end', config: { finalStatus: 'done' } }],
    [`audience:out->${node.id}`, `${node.id}:${handle}->end`],
  );
}

describe('the update and convert nodes, on the real engine', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('update sets and clears attributes, subscribes and unsubscribes with consent records, adds to a list and logs an event', async () => {
    const { database } = env;
    const db = database.db;
    await seedContacts(db, taggedContacts(4, 'upd').map((contact) => ({ ...contact, attributes: { ...contact.attributes, old_score: 3 } })));
    const id = await contactIdsByEmail(db, 'upd');
    await db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('score', 'Score', 'number')`);
    const news = await insertTopic(db, 'upd-news', true);
    const promos = await insertTopic(db, 'upd-promos');
    await db.query(
      `INSERT INTO subscriptions (contact_id, topic_id, status, confirm_token_hash) VALUES ($1, $3, 'subscribed', NULL), ($2, $3, 'pending', 'some-token-hash'), ($1, $4, 'subscribed', NULL), ($2, $4, 'subscribed', NULL)`,
      [id.upd0, id.upd1, news, promos],
    );
    const listId = (await db.query<{ id: string }>(`INSERT INTO contact_lists (name, source) VALUES ('Spring callers', 'manual') RETURNING id`)).rows[0]!.id;
    await db.query('INSERT INTO contact_list_members (list_id, contact_id) VALUES ($1, $2)', [listId, id.upd3]);

    const flow = around(
      {
        id: 'upd',
        type: 'update',
        config: {
          operations: [
            { kind: 'setAttribute', key: 'score', value: 7 },
            { kind: 'setAttribute', key: 'tier', value: 'gold' },
            { kind: 'clearAttribute', key: 'old_score' },
            { kind: 'subscribe', topic: 'upd-news', textShown: 'Yes, send me the news (agreed on the phone)' },
            { kind: 'unsubscribe', topic: 'upd-promos' },
            { kind: 'addToList', listId },
            { kind: 'logEvent', eventKind: 'campaign_note', title: 'Spring offer explained', body: 'By the campaign' },
          ],
        },
      },
      'out',
      'upd',
    );
    const run = await runToCompletion(env, flow);
    expect((await runProgress(db, run.runId))?.nodes.upd?.outcomes).toEqual({ out: 4 });

    const attributes = await db.query<{ email: string; attributes: Record<string, unknown> }>(`SELECT email, attributes FROM contacts WHERE email LIKE 'upd%' ORDER BY email`);
    expect(attributes.rows.map((row) => row.attributes)).toEqual(Array.from({ length: 4 }, () => ({ cohort: 'upd', score: 7, tier: 'gold' })));

    const subscriptions = await db.query<{ contact: string; topic: string; status: string; token: string | null }>(
      `SELECT replace(c.email, '@example.test', '') AS contact, t.code AS topic, s.status, s.confirm_token_hash AS token
       FROM subscriptions s JOIN contacts c ON c.id = s.contact_id JOIN topics t ON t.id = s.topic_id ORDER BY 1, 2`,
    );
    expect(subscriptions.rows).toEqual([
      { contact: 'upd0', topic: 'upd-news', status: 'subscribed', token: null },
      { contact: 'upd0', topic: 'upd-promos', status: 'unsubscribed', token: null },
      { contact: 'upd1', topic: 'upd-news', status: 'subscribed', token: null },
      { contact: 'upd1', topic: 'upd-promos', status: 'unsubscribed', token: null },
      { contact: 'upd2', topic: 'upd-news', status: 'subscribed', token: null },
      { contact: 'upd3', topic: 'upd-news', status: 'subscribed', token: null },
    ]);
    // Proof for each change, and none where nothing changed (upd0 was subscribed already; upd2 and upd3 never had promos).
    const records = await db.query<{ contact: string; topic: string; action: string; source: string; text: string | null }>(
      `SELECT replace(c.email, '@example.test', '') AS contact, t.code AS topic, r.action, r.source, r.text_shown AS text
       FROM consent_records r JOIN contacts c ON c.id = r.contact_id JOIN topics t ON t.id = r.topic_id ORDER BY 1, 2`,
    );
    const agreed = 'Yes, send me the news (agreed on the phone)';
    expect(records.rows).toEqual([
      { contact: 'upd0', topic: 'upd-promos', action: 'withdrawn', source: 'campaign', text: null },
      { contact: 'upd1', topic: 'upd-news', action: 'granted', source: 'campaign', text: agreed },
      { contact: 'upd1', topic: 'upd-promos', action: 'withdrawn', source: 'campaign', text: null },
      { contact: 'upd2', topic: 'upd-news', action: 'granted', source: 'campaign', text: agreed },
      { contact: 'upd3', topic: 'upd-news', action: 'granted', source: 'campaign', text: agreed },
    ]);

    const listed = await db.query<{ contactId: string }>('SELECT contact_id AS "contactId" FROM contact_list_members WHERE list_id = $1', [listId]);
    expect(new Set(listed.rows.map((row) => row.contactId))).toEqual(new Set(Object.values(id)));
    expect(listed.rows).toHaveLength(4);

    const events = await db.query<{ contactId: string; kind: string; title: string; body: string; campaignId: string; runId: string; nodeId: string }>(
      `SELECT contact_id AS "contactId", kind, title, body, campaign_id AS "campaignId", run_id AS "runId", data ->> 'nodeId' AS "nodeId" FROM contact_events WHERE run_id = $1`,
      [run.runId],
    );
    const campaignId = (await db.query<{ id: string }>('SELECT campaign_id AS id FROM campaign_runs WHERE id = $1', [run.runId])).rows[0]!.id;
    expect(events.rows).toHaveLength(4);
    expect(new Set(events.rows.map((row) => row.contactId))).toEqual(new Set(Object.values(id)));
    expect(events.rows[0]).toMatchObject({ kind: 'campaign_note', title: 'Spring offer explained', body: 'By the campaign', campaignId, runId: run.runId, nodeId: 'upd' });
  });

  it('update refuses a value its attribute’s definition does not allow: the run fails at once, nothing written', async () => {
    const { database, temporal, taskQueue } = env;
    const db = database.db;
    await seedContacts(db, taggedContacts(2, 'typed'));
    await db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('visits', 'Visits', 'number')`);
    const flow = around({ id: 'upd', type: 'update', config: { operations: [{ kind: 'setAttribute', key: 'visits', value: 'many' }] } }, 'out', 'typed');
    const run = await startCampaignRun(db, temporal.client, taskQueue, flow);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).rejects.toThrow();
    const { rows } = await db.query<{ status: string; error: string }>('SELECT status, error FROM campaign_runs WHERE id = $1', [run.runId]);
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(rows[0]!.error).toMatch(/attribute visits must be a number/);
    const written = await db.query(`SELECT 1 FROM contacts WHERE attributes ? 'visits'`);
    expect(written.rowCount).toBe(0);
  });

  it('update writes once per member when two attempts of one batch run at once (a retry started while the first still runs)', async () => {
    const { database, sink } = env;
    const db = database.db;
    const ids = await seedContacts(db, taggedContacts(2_500, 'twice'));
    await insertTopic(db, 'twice-news');
    const node = { id: 'upd', type: 'update', config: { operations: [{ kind: 'subscribe', topic: 'twice-news' }, { kind: 'logEvent', eventKind: 'campaign_note', title: 'Once' }] } };
    const flow = around(node, 'out', 'twice');
    const runId = await recordBenchRun(db, flow);
    const bench = await nodeBench(db, runId, sink.url);
    const cohortId = await seatMembers(db, runId, 'upd', ids);
    const outputs = freshOutputs(flow.nodes[1]!);
    const results = await Promise.all([bench.runBatch(flow.nodes[1]!, cohortId, outputs), bench.runBatch(flow.nodes[1]!, cohortId, outputs)]);
    expect(results.map((result) => result.done)).toEqual([true, true]);
    expect((await handlesTaken(db, runId, outputs)).size).toBe(2_500);
    const counts = await db.query<{ events: string; eventContacts: string; records: string; steps: string }>(
      `SELECT (SELECT count(*) FROM contact_events WHERE run_id = $1) AS events,
              (SELECT count(DISTINCT contact_id) FROM contact_events WHERE run_id = $1) AS "eventContacts",
              (SELECT count(*) FROM consent_records r JOIN topics t ON t.id = r.topic_id WHERE t.code = 'twice-news') AS records,
              (SELECT count(*) FROM member_steps WHERE run_id = $1 AND node_id = 'upd') AS steps`,
      [runId],
    );
    expect(counts.rows[0]).toEqual({ events: '2500', eventContacts: '2500', records: '2500', steps: '2500' });
  }, 60_000);

  it('convert opens exactly one opportunity per member, priced from the price list valid today, owned by who closed the call — none twice on a retry', async () => {
    const { database, temporal, taskQueue, sink } = env;
    const db = database.db;
    await seedContacts(db, taggedContacts(4, 'conv'));
    const id = await contactIdsByEmail(db, 'conv');
    const [agentA, agentB, owner] = [await insertUser(db, 'AgentA'), await insertUser(db, 'AgentB'), await insertUser(db, 'Owner')];
    await db.query('UPDATE contacts SET owner_id = $2 WHERE id = ANY($1::uuid[])', [[id.conv0, id.conv1, id.conv2], owner]);
    const productId = (await db.query<{ id: string }>(`INSERT INTO products (code, name, kind, family) VALUES ('KIT-1', 'Starter kit', 'product', 'kits') RETURNING id`)).rows[0]!.id;
    /** A price list valid from / to so many days from today (null: open-ended). */
    const priceList = async (name: string, fromDays: number, toDays: number | null, price: string) => {
      const listId = (
        await db.query<{ id: string }>(`INSERT INTO price_lists (name, valid_from, valid_to) VALUES ($1, current_date + $2::int, current_date + $3::int) RETURNING id`, [name, fromDays, toDays])
      ).rows[0]!.id;
      await db.query('INSERT INTO price_list_items (price_list_id, product_id, price) VALUES ($1, $2, $3)', [listId, productId, price]);
      return listId;
    };
    await priceList('Expired', -400, -1, '80.00');
    await priceList('Standing', -365, null, '90.00');
    const current = await priceList('Spring', -30, null, '100.00');
    await priceList('Summer', 1, null, '120.00');

    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('conv') },
        { id: 'calls', type: 'wait', config: { mode: 'duration', amount: 3, unit: 'seconds' } },
        { id: 'convert', type: 'convert', config: { productId, stage: 'proposal', quantity: 2 } },
        { id: 'end', type: 'end', config: { finalStatus: 'offered' } },
      ],
      ['audience:out->calls', 'calls:out->convert', 'convert:created->end'],
    );
    const run = await startCampaignRun(db, temporal.client, taskQueue, flow);
    await eventually(async () => (await runProgress(db, run.runId))?.nodes.calls?.current === 4, 20_000, 'members at the call step');
    // conv0: called twice, the later call closed by AgentB; conv1: closed through an API token
    // (no closer: its assignee counts); conv2: only an open call; conv3: no call and no owner.
    const task = (contactId: string, assignee: string, status: string, closedBy: string | null, closedAgo: string | null) =>
      db.query(
        `INSERT INTO tasks (type, run_id, node_id, contact_id, assignee, status, outcome, closed_by, closed_at)
         VALUES ('callback', $1, 'call', $2, $3, $4, CASE WHEN $4 = 'closed' THEN 'interested' END, $5, now() - $6::interval)`,
        [run.runId, contactId, assignee, status, closedBy, closedAgo],
      );
    await task(id.conv0!, agentA, 'closed', agentA, '2 hours');
    await task(id.conv0!, agentB, 'closed', agentB, '1 hour');
    await task(id.conv1!, agentA, 'closed', null, '1 hour');
    await task(id.conv2!, agentA, 'open', null, null);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    expect((await runProgress(db, run.runId))?.nodes.convert?.outcomes).toEqual({ created: 4 });

    const campaign = (await db.query<{ id: string; name: string; goal: string | null }>('SELECT c.id, c.name, c.goal FROM campaigns c JOIN campaign_runs r ON r.campaign_id = c.id WHERE r.id = $1', [run.runId])).rows[0]!;
    const opportunities = async () =>
      (
        await db.query<Record<string, unknown>>(
          `SELECT replace(c.email, '@example.test', '') AS contact, o.title, o.stage, o.probability, o.expected_revenue::text AS revenue,
                  o.owner_id AS owner, o.campaign_id AS campaign, o.run_id AS run, o.node_id AS node, o.price_list_id AS "priceList",
                  (SELECT json_agg(json_build_object('product', p.product_id, 'quantity', p.quantity::float8, 'amount', p.amount::text)) FROM opportunity_products p WHERE p.opportunity_id = o.id) AS lines
           FROM opportunities o JOIN contacts c ON c.id = o.contact_id ORDER BY 1`,
        )
      ).rows;
    const expected = (contact: string, owner: string | null) => ({
      contact,
      title: `Starter kit — ${campaign.name}`,
      stage: 'proposal',
      probability: 50,
      revenue: '200.00',
      owner,
      campaign: campaign.id,
      run: run.runId,
      node: 'convert',
      priceList: current,
      lines: [{ product: productId, quantity: 2, amount: '200.00' }],
    });
    const opened = await opportunities();
    expect(opened).toEqual([expected('conv0', agentB), expected('conv1', agentA), expected('conv2', owner), expected('conv3', null)]);
    const timeline = await db.query(`SELECT 1 FROM contact_events WHERE run_id = $1 AND kind = 'opportunity_created'`, [run.runId]);
    expect(timeline.rowCount).toBe(4);

    // The convert node's activity again for the same members, twice at once (a retry and a
    // replay of the same batch): the unique (run, node, contact) index lets nothing in twice.
    const bench = await nodeBench(db, run.runId, sink.url);
    const node = flow.nodes.find((n) => n.id === 'convert')!;
    const cohortId = await seatMembers(db, run.runId, 'convert', Object.values(id));
    const outputs = freshOutputs(node);
    await Promise.all([bench.runBatch(node, cohortId, outputs), bench.runBatch(node, cohortId, outputs)]);
    expect((await handlesTaken(db, run.runId, outputs)).size).toBe(4);
    expect(await opportunities()).toEqual(opened);
    expect((await db.query(`SELECT 1 FROM contact_events WHERE run_id = $1 AND kind = 'opportunity_created'`, [run.runId])).rowCount).toBe(4);
  });

  it('convert fails the run visibly when no price list valid today prices the product', async () => {
    const { database, temporal, taskQueue } = env;
    const db = database.db;
    await seedContacts(db, taggedContacts(2, 'unpriced'));
    const productId = (await db.query<{ id: string }>(`INSERT INTO products (code, name, kind) VALUES ('NOPRICE', 'Unpriced', 'service') RETURNING id`)).rows[0]!.id;
    const flow = around({ id: 'convert', type: 'convert', config: { productId, stage: 'qualification' } }, 'created', 'unpriced');
    const run = await startCampaignRun(db, temporal.client, taskQueue, flow);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).rejects.toThrow();
    const { rows } = await db.query<{ status: string; error: string }>('SELECT status, error FROM campaign_runs WHERE id = $1', [run.runId]);
    expect(rows[0]!.status).toBe('failed');
    expect(rows[0]!.error).toMatch(/has no price in any price list valid today/);
    expect((await db.query('SELECT 1 FROM opportunities WHERE run_id = $1', [run.runId])).rowCount).toBe(0);
  });
});
