import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFlow } from '../../api/flow-checks';
import { startRun } from '../../api/run-starter';
import { SYSTEM_ACTOR } from '../../db/audit';
import { createCampaign } from '../../db/campaigns';
import { createFlow } from '../../db/flows';
import type { Db } from '../../db/pool';
import { runProgress } from '../../db/runs';
import type { FlowGraph, FlowNode } from '../../flow/graph';
import { emailCampaignFlow, graphOf, seedContacts, seedTemplate, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { freshOutputs, nodeBench, recordBenchRun } from '../support/node-batches';

/**
 * The draw written out here from the rule (the first 8 hex digits of md5(run id || contact id)
 * as a fraction of 2^32, held out under the share), not taken from the code under test.
 */
function heldOutByHand(runId: string, contactIds: string[], percent: number): Set<string> {
  return new Set(contactIds.filter((contactId) => (parseInt(createHash('md5').update(runId + contactId).digest('hex').slice(0, 8), 16) / 2 ** 32) * 100 < percent));
}

/** An audience is an entry node: its batch has no input cohort. */
const ENTRY = null as unknown as string;

async function setHoldout(db: Db, campaignId: string, percent: number): Promise<void> {
  await db.query(
    `INSERT INTO campaign_plans (campaign_id, holdout_percent) VALUES ($1, $2)
     ON CONFLICT (campaign_id) DO UPDATE SET holdout_percent = EXCLUDED.holdout_percent`,
    [campaignId, percent],
  );
}

async function campaignOf(db: Db, runId: string): Promise<string> {
  return (await db.query<{ id: string }>('SELECT campaign_id AS id FROM campaign_runs WHERE id = $1', [runId])).rows[0]!.id;
}

async function sides(db: Db, runId: string): Promise<{ members: Set<string>; held: Set<string> }> {
  const members = await db.query<{ id: string }>('SELECT contact_id AS id FROM campaign_members WHERE run_id = $1', [runId]);
  const held = await db.query<{ id: string }>('SELECT contact_id AS id FROM run_holdouts WHERE run_id = $1', [runId]);
  return { members: new Set(members.rows.map((row) => row.id)), held: new Set(held.rows.map((row) => row.id)) };
}

async function counters(db: Db, runId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ key: string; count: string }>(`SELECT node_id || '/' || outcome AS key, count FROM run_node_counts WHERE run_id = $1`, [runId]);
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.count)]));
}

describe('the holdout group', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('keeps out the contacts whose draw falls under the share: the same ones however often or by however many audience nodes the run snapshots, others in another run', async () => {
    const db = env.database.db;
    const ids = await seedContacts(db, taggedContacts(10_000, 'hold'));
    const audience = (id: string): FlowNode => ({ id, type: 'audience', config: taggedAudience('hold'), position: { x: 0, y: 0 } });
    const flow = graphOf(
      [
        { id: 'first', type: 'audience', config: taggedAudience('hold') },
        { id: 'second', type: 'audience', config: taggedAudience('hold') },
        { id: 'end', type: 'end', config: { finalStatus: 'done' } },
      ],
      ['first:out->end', 'second:out->end'],
    );
    const runId = await recordBenchRun(db, flow);
    await setHoldout(db, await campaignOf(db, runId), 10);
    const bench = await nodeBench(db, runId, env.sink.url);

    const outputs = freshOutputs(audience('first'));
    await bench.runBatch(audience('first'), ENTRY, outputs);
    const expected = heldOutByHand(runId, ids, 10);
    const first = await sides(db, runId);
    expect(first.held).toEqual(expected);
    expect(first.members.size + first.held.size).toBe(10_000);
    expect([...first.held].filter((id) => first.members.has(id))).toEqual([]);
    // Close to the share: 10 % of 10,000 is 1,000, the binomial spread about 30.
    expect(first.held.size).toBeGreaterThan(900);
    expect(first.held.size).toBeLessThan(1_100);
    const counted = { 'first/out': 10_000 - expected.size, 'first/held_out': expected.size, '@run/held_out': expected.size, '@run/members': 10_000 - expected.size };
    expect(await counters(db, runId)).toMatchObject(counted);

    // The same batch again (a retry), and a second audience node of the run over the same contacts.
    await bench.runBatch(audience('first'), ENTRY, outputs);
    await bench.runBatch(audience('second'), ENTRY, freshOutputs(audience('second')));
    expect(await sides(db, runId)).toEqual(first);
    expect(await counters(db, runId)).toMatchObject(counted);
    expect((await counters(db, runId))['second/held_out']).toBeUndefined();

    // The plan's share raised while the run goes: a contact is never both, members stay members.
    await setHoldout(db, await campaignOf(db, runId), 30);
    await bench.runBatch(audience('second'), ENTRY, freshOutputs(audience('second')));
    expect(await sides(db, runId)).toEqual(first);

    // Another run of the same size draws anew: about as many, not the same contacts.
    const otherRunId = await recordBenchRun(db, flow);
    await setHoldout(db, await campaignOf(db, otherRunId), 10);
    await (await nodeBench(db, otherRunId, env.sink.url)).runBatch(audience('first'), ENTRY, freshOutputs(audience('first')));
    const other = await sides(db, otherRunId);
    expect(other.held).toEqual(heldOutByHand(otherRunId, ids, 10));
    const overlap = [...other.held].filter((id) => first.held.has(id)).length;
    // Independent draws: about 10 % of one holdout is in the other (100 of 1,000), far from all.
    expect(overlap).toBeLessThan(200);
  }, 120_000);

  it('never contacts a held-out contact: a real run mails only its members, and its progress says how many were held out', async () => {
    const { database, temporal, taskQueue, sink } = env;
    const db = database.db;
    const contacts = taggedContacts(200, 'never');
    const ids = await seedContacts(db, contacts);
    const emailOf = new Map(ids.map((id, index) => [id, contacts[index]!.email!]));
    const templateId = await seedTemplate(db, { subject: 'Hello {{contact.firstName}}', body: 'An offer for you.' });
    const graph: FlowGraph = emailCampaignFlow(templateId, { rules: taggedAudience('never').rules });

    // As POST /api/campaigns/:id/runs does, with the plan set before the start.
    const check = await checkFlow(db, graph);
    if (!check.ok) throw new Error(JSON.stringify(check.problems));
    const flow = await createFlow(db, SYSTEM_ACTOR, { name: 'Holdout flow', graph: check.graph });
    const created = await createCampaign(db, SYSTEM_ACTOR, { name: 'Holdout campaign', flowId: flow.id, mailPurpose: 'service' });
    if (!('campaign' in created)) throw new Error('campaign not saved');
    await setHoldout(db, created.campaign.id, 25);
    const mailedBefore = sink.count;
    const run = await startRun(
      { db, client: temporal.client, taskQueue },
      { runId: randomUUID(), campaignId: created.campaign.id, flowId: flow.id, flowVersion: flow.version, graph: check.graph, log: console, tuning: {} },
    );
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });

    const held = heldOutByHand(run.runId, ids, 25);
    expect(held.size).toBeGreaterThan(0);
    const { members, held: stored } = await sides(db, run.runId);
    expect(stored).toEqual(held);
    await sink.waitFor(mailedBefore + members.size, 10_000);
    // Give a stray mail time to arrive before saying none came.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const attempted = new Set(sink.attempts);
    expect(sink.count - mailedBefore).toBe(200 - held.size);
    for (const contactId of held) expect(attempted.has(emailOf.get(contactId)!), emailOf.get(contactId)).toBe(false);
    for (const contactId of members) expect(attempted.has(emailOf.get(contactId)!), emailOf.get(contactId)).toBe(true);
    const messagesToHeld = await db.query('SELECT 1 FROM messages WHERE run_id = $1 AND contact_id = ANY($2::uuid[])', [run.runId, [...held]]);
    expect(messagesToHeld.rowCount).toBe(0);

    const progress = await runProgress(db, run.runId);
    expect(progress?.members).toBe(200 - held.size);
    expect(progress?.heldOut).toBe(held.size);
    expect(progress?.nodes['audience-1']?.outcomes).toEqual({ out: 200 - held.size, held_out: held.size });
  }, 120_000);
});
