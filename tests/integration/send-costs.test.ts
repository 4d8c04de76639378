/**
 * Costs booked as they happen (issue 12): a real campaign on Postgres, Temporal and an SMTP
 * server books one ledger line per sent e-mail, at the unit cost valid on the day it was sent,
 * and the send step running its settled page again books nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookMessageCosts } from '../../db/cost-ledger';
import { emailCampaignFlow, seedContacts, seedTemplate, startCampaignRun, taggedContacts, taggedAudience } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';

describe('the send step books each sent e-mail in the cost ledger', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('one line per sent mail at the unit cost valid that day, never twice', async () => {
    const { database, temporal, taskQueue } = env;
    const { db } = database;
    // A price that ended yesterday and today's: only today's may be used.
    await db.query(
      `INSERT INTO unit_costs (item, amount, currency, valid_from, valid_to) VALUES
         ('email', 0.5, 'EUR', current_date - 30, current_date - 1), ('email', 0.0125, 'EUR', current_date, NULL)`,
    );
    await seedContacts(db, taggedContacts(4, 'costed'));
    const templateId = await seedTemplate(db, { subject: 'Hello {{contact.firstName}}', body: '{{salutation}}, our offer.' });
    const run = await startCampaignRun(db, temporal.client, taskQueue, emailCampaignFlow(templateId, { rules: taggedAudience('costed').rules }));
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });

    const lines = await db.query<{ sourceKey: string; channel: string; amount: string; messageStatus: string; nodeId: string }>(
      `SELECT ce.source_key AS "sourceKey", ce.channel, ce.amount::text AS amount, m.status AS "messageStatus", ce.node_id AS "nodeId"
       FROM cost_entries ce JOIN messages m ON 'message:' || m.id = ce.source_key WHERE ce.run_id = $1 ORDER BY ce.source_key`,
      [run.runId],
    );
    expect(lines.rows).toHaveLength(4);
    expect(lines.rows.every((line) => line.channel === 'email' && line.amount === '0.0125' && line.messageStatus === 'sent')).toBe(true);
    // Booked where the money was spent: on the send step (emailCampaignFlow's third node).
    expect(new Set(lines.rows.map((line) => line.nodeId))).toEqual(new Set(['send-3']));

    // The activity retried over the same sent messages: nothing more is booked.
    const sentIds = (await db.query<{ id: string }>(`SELECT id FROM messages WHERE run_id = $1`, [run.runId])).rows.map((row) => row.id);
    expect(await bookMessageCosts(db, sentIds)).toBe(0);
    const total = await db.query<{ n: number; sum: string }>(`SELECT count(*)::int AS n, sum(amount)::text AS sum FROM cost_entries WHERE run_id = $1`, [run.runId]);
    expect(total.rows[0]).toEqual({ n: 4, sum: '0.0500' });
  });
});
