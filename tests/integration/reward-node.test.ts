import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { runProgress } from '../../db/runs';
import type { FlowGraph, FlowNode } from '../../flow/graph';
import { graphOf, seedContacts, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { freshOutputs, handlesTaken, nodeBench, recordBenchRun, runToCompletion, seatMembers } from '../support/node-batches';

const GIFT = { kind: 'gift', description: 'Spring tote bag', value: '15.00', currency: 'EUR' };

async function contactIdsByEmail(db: Db, prefix: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string; email: string }>('SELECT id, email FROM contacts WHERE email LIKE $1', [`${prefix}%`]);
  return Object.fromEntries(rows.map((row) => [row.email.replace('@example.test', ''), row.id]));
}

/** A sales order of a contact placed `ago` before now (a negative interval is in the future). */
async function order(db: Db, contactId: string, amount: string, ago: string, currency = 'EUR'): Promise<void> {
  await db.query(
    `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount, currency) VALUES (gen_random_uuid()::text, $1, now() - $2::interval, $3, $4)`,
    [contactId, ago, amount, currency],
  );
}

function rewardStep(id: string, condition: Record<string, unknown>): FlowNode {
  return { id, type: 'reward', config: { ...GIFT, ...condition }, position: { x: 0, y: 0 } };
}

/** Who, by name, each output of a batch received. */
async function byHandle(db: Db, runId: string, outputs: ReturnType<typeof freshOutputs>, names: Record<string, string>): Promise<Record<string, string[]>> {
  const nameOf = new Map(Object.entries(names).map(([name, id]) => [id, name]));
  const taken = await handlesTaken(db, runId, outputs);
  const result: Record<string, string[]> = {};
  for (const [contactId, handle] of taken) (result[handle] ??= []).push(nameOf.get(contactId)!);
  for (const list of Object.values(result)) list.sort();
  return result;
}

/** The rewards of a run with their booked cost lines, one row per reward. */
async function rewardsWithCosts(db: Db, runId: string) {
  const { rows } = await db.query<{ node: string; contact: string; kind: string; description: string; value: string; currency: string; lines: string; booked: string | null; sourceKey: string | null; channel: string | null }>(
    `SELECT w.node_id AS node, replace(c.email, '@example.test', '') AS contact, w.kind, w.description, w.value::text AS value, w.currency,
            (SELECT count(*) FROM cost_entries e WHERE e.source_key = 'reward:' || w.id) AS lines,
            e.amount::numeric(16, 2)::text AS booked, e.source_key AS "sourceKey", e.channel
     FROM rewards w JOIN contacts c ON c.id = w.contact_id
     LEFT JOIN cost_entries e ON e.source_key = 'reward:' || w.id
     WHERE w.run_id = $1 ORDER BY w.node_id, contact`,
    [runId],
  );
  return rows;
}

describe('the reward node', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('grants when the purchase condition holds — one order or all orders, in the campaign period or days after entry — and books each reward’s cost', async () => {
    const db = env.database.db;
    await seedContacts(db, taggedContacts(7, 'rw'));
    const id = await contactIdsByEmail(db, 'rw');
    await order(db, id.rw0!, '120.00', '2 days'); // one order over 100 in the period
    await order(db, id.rw1!, '60.00', '3 days'); // two orders of 60 in the period: 120 together
    await order(db, id.rw1!, '60.00', '1 day');
    await order(db, id.rw2!, '150.00', '12 days'); // before the campaign's first day
    await order(db, id.rw3!, '150.00', '2 days', 'USD'); // another currency
    await order(db, id.rw5!, '100.00', '2 days'); // exactly the amount
    await order(db, id.rw6!, '200.00', '18 days'); // before the period, but 2 days after entering
    // rw4 bought nothing.

    const nodes = {
      oneOrder: rewardStep('one-order', { condition: 'purchase', minAmount: '100' }),
      allOrders: rewardStep('all-orders', { condition: 'purchase', minAmount: '100', measure: 'all_orders' }),
      afterEntry: rewardStep('after-entry', { condition: 'purchase', minAmount: '100', within: 'days_after_entry', days: 7 }),
    };
    const flow = graphOf(
      [{ id: 'audience', type: 'audience', config: taggedAudience('rw') }, ...Object.values(nodes), { id: 'end', type: 'end', config: { finalStatus: 'done' } }],
      ['audience:out->one-order', 'one-order:granted->all-orders', 'all-orders:granted->after-entry', 'after-entry:granted->end'],
    );
    const runId = await recordBenchRun(db, flow);
    await db.query(`UPDATE campaigns SET valid_from = current_date - 10, valid_to = current_date + 10 WHERE id = (SELECT campaign_id FROM campaign_runs WHERE id = $1)`, [runId]);
    const bench = await nodeBench(db, runId, env.sink.url);
    const everyone = Object.values(id);

    const results: Record<string, Record<string, string[]>> = {};
    for (const [name, node] of Object.entries(nodes)) {
      const cohortId = await seatMembers(db, runId, node.id, everyone);
      // They entered the run 20 days ago: the 7 days after entry end 13 days ago.
      await db.query(`UPDATE campaign_members SET entered_at = now() - interval '20 days' WHERE run_id = $1`, [runId]);
      const outputs = freshOutputs(node);
      await bench.runBatch(node, cohortId, outputs);
      results[name] = await byHandle(db, runId, outputs, id);
    }
    expect(results).toEqual({
      oneOrder: { granted: ['rw0', 'rw5'], not_met: ['rw1', 'rw2', 'rw3', 'rw4', 'rw6'] },
      allOrders: { granted: ['rw0', 'rw1', 'rw5'], not_met: ['rw2', 'rw3', 'rw4', 'rw6'] },
      afterEntry: { granted: ['rw6'], not_met: ['rw0', 'rw1', 'rw2', 'rw3', 'rw4', 'rw5'] },
    });

    const reward = (node: string, contact: string) => ({ node, contact, kind: 'gift', description: 'Spring tote bag', value: '15.00', currency: 'EUR', lines: '1', booked: '15.00', sourceKey: expect.stringMatching(/^reward:/), channel: 'reward' });
    expect(await rewardsWithCosts(db, runId)).toEqual([
      reward('after-entry', 'rw6'),
      reward('all-orders', 'rw0'),
      reward('all-orders', 'rw1'),
      reward('all-orders', 'rw5'),
      reward('one-order', 'rw0'),
      reward('one-order', 'rw5'),
    ]);
    const timeline = await db.query<{ title: string }>(`SELECT title FROM contact_events WHERE run_id = $1 AND kind = 'reward_granted' AND contact_id = $2`, [runId, id.rw6]);
    expect(timeline.rows).toEqual([{ title: 'Gift granted: Spring tote bag (15.00 EUR)' }]);
  });

  it('grants once per member and books once, even when a batch runs twice at once and the members come back', async () => {
    const db = env.database.db;
    const ids = await seedContacts(db, taggedContacts(2_500, 'twice'));
    const node = rewardStep('reward', { kind: 'credit_note', description: 'Loyalty credit', value: '7.50', condition: 'always' });
    const flow = graphOf(
      [{ id: 'audience', type: 'audience', config: taggedAudience('twice') }, node, { id: 'end', type: 'end', config: { finalStatus: 'done' } }],
      ['audience:out->reward', 'reward:granted->end'],
    );
    const runId = await recordBenchRun(db, flow);
    const bench = await nodeBench(db, runId, env.sink.url);
    const tally = async () =>
      (
        await db.query<{ rewards: string; lines: string; booked: string; events: string }>(
          `SELECT (SELECT count(*) FROM rewards WHERE run_id = $1) AS rewards,
                  (SELECT count(*) FROM cost_entries WHERE run_id = $1 AND channel = 'reward') AS lines,
                  (SELECT sum(amount)::numeric(16, 2)::text FROM cost_entries WHERE run_id = $1 AND channel = 'reward') AS booked,
                  (SELECT count(*) FROM contact_events WHERE run_id = $1 AND kind = 'reward_granted') AS events`,
          [runId],
        )
      ).rows[0];
    // 2,500 × 7.50 = 18,750.00, written out.
    const once = { rewards: '2500', lines: '2500', booked: '18750.00', events: '2500' };

    const cohortId = await seatMembers(db, runId, 'reward', ids);
    const outputs = freshOutputs(node);
    const results = await Promise.all([bench.runBatch(node, cohortId, outputs), bench.runBatch(node, cohortId, outputs)]);
    expect(results.map((result) => result.done)).toEqual([true, true]);
    expect(new Set((await handlesTaken(db, runId, outputs)).values())).toEqual(new Set(['granted']));
    expect((await handlesTaken(db, runId, outputs)).size).toBe(2_500);
    expect(await tally()).toEqual(once);

    // The members come round again (a loop, or the batch replayed from the start): nobody gets a
    // second reward, nothing is booked again, and they leave by granted as before.
    const again = await seatMembers(db, runId, 'reward', ids);
    const againOutputs = freshOutputs(node);
    await bench.runBatch(node, again, againOutputs, { members: 700 });
    await bench.runBatch(node, again, againOutputs);
    const taken = await handlesTaken(db, runId, againOutputs);
    expect(taken.size).toBe(2_500);
    expect(new Set(taken.values())).toEqual(new Set(['granted']));
    expect(await tally()).toEqual(once);
  }, 60_000);

  it('routes members by their condition in a real run: granted and not met, counted on the node', async () => {
    const db = env.database.db;
    await seedContacts(db, taggedContacts(6, 'live'));
    const id = await contactIdsByEmail(db, 'live');
    // Orders the shop records right after the contacts enter (the next day's delivery, say).
    await order(db, id.live0!, '80.00', '-1 hour');
    await order(db, id.live1!, '79.99', '-1 hour');
    await order(db, id.live2!, '500.00', '-1 hour');
    const flow: FlowGraph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('live') },
        { id: 'bonus', type: 'reward', config: { ...GIFT, kind: 'bonus', description: 'Bonus points', value: '2.00', condition: 'purchase', minAmount: '80', within: 'days_after_entry', days: 1 } },
        { id: 'thanked', type: 'end', config: { finalStatus: 'rewarded' } },
        { id: 'other', type: 'end', config: { finalStatus: 'not_rewarded' } },
      ],
      ['audience:out->bonus', 'bonus:granted->thanked', 'bonus:not_met->other'],
    );
    const run = await runToCompletion(env, flow);
    expect((await runProgress(db, run.runId))?.nodes.bonus?.outcomes).toEqual({ granted: 2, not_met: 4 });
    const statuses = await db.query<{ contact: string; status: string }>(
      `SELECT replace(c.email, '@example.test', '') AS contact, m.status FROM campaign_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 ORDER BY 1`,
      [run.runId],
    );
    expect(statuses.rows.map((row) => `${row.contact}:${row.status}`)).toEqual(['live0:rewarded', 'live1:not_rewarded', 'live2:rewarded', 'live3:not_rewarded', 'live4:not_rewarded', 'live5:not_rewarded']);
    const costs = await db.query<{ total: string }>(`SELECT sum(amount)::numeric(16, 2)::text AS total FROM cost_entries WHERE run_id = $1`, [run.runId]);
    expect(costs.rows[0]!.total).toBe('4.00');
  }, 60_000);
});
