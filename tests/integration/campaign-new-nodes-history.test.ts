import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../../db/runs';
import { graphOf, seedContacts, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';

/**
 * One run through every new set-based node: a random split, a split by rule, a join of both
 * into an update, then a conversion. Its history is the `branch-update-convert` replay fixture
 * (RECORD_HISTORIES=1); the review and the call-back loop have theirs (review-approved,
 * callback-loop).
 */
describe('a flow of branch, update and convert', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('splits at random and by rule, joins into an update, converts, and completes', async () => {
    const { database, temporal, taskQueue } = env;
    const db = database.db;
    await seedContacts(db, taggedContacts(40, 'mix').map((contact, i) => ({ ...contact, attributes: { ...contact.attributes, tier: i % 4 === 0 ? 'gold' : 'silver' } })));
    const productId = (await db.query<{ id: string }>(`INSERT INTO products (code, name, kind, family) VALUES ('MIX-1', 'Mix kit', 'product', 'kits') RETURNING id`)).rows[0]!.id;
    const listId = (await db.query<{ id: string }>(`INSERT INTO price_lists (name, valid_from) VALUES ('Mix prices', current_date - 1) RETURNING id`)).rows[0]!.id;
    await db.query(`INSERT INTO price_list_items (price_list_id, product_id, price) VALUES ($1, $2, '25.00')`, [listId, productId]);
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('mix') },
        { id: 'coin', type: 'branch', config: { mode: 'random', variants: [{ name: 'heads', percent: 50 }, { name: 'tails', percent: 50 }] } },
        { id: 'sort', type: 'branch', config: { mode: 'rule', branches: [{ name: 'gold', rule: { op: 'and', rules: [{ field: 'attributes.tier', operator: 'eq', value: 'gold' }] } }] } },
        { id: 'note', type: 'update', config: { operations: [{ kind: 'setAttribute', key: 'mix_seen', value: 'yes' }, { kind: 'logEvent', eventKind: 'campaign_note', title: 'Chosen' }] } },
        { id: 'offer', type: 'convert', config: { productId, stage: 'proposal' } },
        { id: 'won', type: 'end', config: { finalStatus: 'offered' } },
        { id: 'rest', type: 'end', config: { finalStatus: 'rest' } },
      ],
      ['audience:out->coin', 'coin:heads->note', 'coin:tails->sort', 'sort:gold->note', 'sort:else->rest', 'note:out->offer', 'offer:created->won'],
    );
    const run = await startCampaignRun(db, temporal.client, taskQueue, flow);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    await recordHistory('branch-update-convert', handle);

    const nodes = (await runProgress(db, run.runId))!.nodes;
    const { heads, tails } = nodes.coin!.outcomes as Record<string, number>;
    expect(heads! + tails!).toBe(40);
    const { gold, else: others } = nodes.sort!.outcomes as Record<string, number>;
    expect(gold! + others!).toBe(tails);
    // Everyone the update saw (heads plus the gold tails) got one opportunity at today's price.
    expect(nodes.note!.outcomes).toEqual({ out: heads! + gold! });
    const opportunities = await db.query<{ count: number; revenue: string }>(
      `SELECT count(*)::int AS count, sum(expected_revenue)::text AS revenue FROM opportunities WHERE run_id = $1`,
      [run.runId],
    );
    expect(opportunities.rows[0]!.count).toBe(heads! + gold!);
    expect(Number(opportunities.rows[0]!.revenue)).toBe(25 * (heads! + gold!));
    const marked = await db.query(`SELECT 1 FROM contacts WHERE attributes->>'mix_seen' = 'yes'`);
    expect(marked.rowCount).toBe(heads! + gold!);
  });
});
