import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewAudience } from '../../db/segments/segments';
import type { Db } from '../../db/pool';
import type { AudienceNodeConfig } from '../../flow/nodes/audience-config';
import { linearFlow, seedContacts, startCampaignRun } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';

async function memberCount(db: Db, runId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM campaign_members WHERE run_id = $1', [runId]);
  return Number(rows[0]!.count);
}

/**
 * Seed 004: audiences from a saved query over sales in a date range and from a customer-code
 * list, each confirmed by a preview count, then snapshotted by a real run with exactly that count.
 */
describe('seed 004: segment and customer-code audiences, confirmed before the run', () => {
  let env: CampaignEnv;
  let contactIds: string[];
  beforeAll(async () => {
    env = await startCampaignEnv({ databasePrefix: 'cs_seed004' });
    const db = env.database.db;
    contactIds = await seedContacts(
      db,
      Array.from({ length: 12 }, (_, i) => ({ email: `c${i}@s4.test`, first_name: `C${i}`, last_name: 'S4', gender: null, language: 'en' })),
    );
    await db.query(`UPDATE contacts SET customer_code = 'CUST-' || substr(email, 2, strpos(email, '@') - 2)`);
    const { rows } = await db.query<{ id: string }>(`INSERT INTO products (code, name, kind, family) VALUES ('FW-1', 'Firewall', 'product', 'security') RETURNING id`);
    const firewall = rows[0]!.id;
    // c0..c4 bought security in March 2025; c5 bought it in 2024 (outside); c6 bought another family.
    const orders: [number, string, string | null, string | null][] = [
      [0, '2025-03-02', firewall, null], [1, '2025-03-10', firewall, null], [2, '2025-03-31', null, 'security'],
      [3, '2025-03-15', firewall, null], [4, '2025-03-01', firewall, null], [5, '2024-03-10', firewall, null], [6, '2025-03-10', null, 'cables'],
    ];
    for (const [index, day, productId, family] of orders) {
      const order = await db.query<{ id: string }>(
        `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) VALUES ($1, $2, $3::date + time '12:00' AT TIME ZONE 'UTC', 100) RETURNING id`,
        [`S4-${index}-${day}`, contactIds[index], day],
      );
      await db.query(`INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount) VALUES ($1, 1, $2, $3, 1, 100)`, [order.rows[0]!.id, productId, family]);
    }
  });
  afterAll(() => env?.stop());

  async function runAndCount(config: AudienceNodeConfig): Promise<{ preview: number; members: number }> {
    const db = env.database.db;
    const preview = await previewAudience(db, config);
    const flow = linearFlow([
      { type: 'audience', config: config as unknown as Record<string, unknown> },
      { type: 'end', config: { finalStatus: 'contacted' } },
    ]);
    const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, flow);
    await expect(env.temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    return { preview: preview.count, members: await memberCount(db, run.runId) };
  }

  it('a saved query "bought family security between 1 and 31 March 2025" snapshots exactly its preview count', async () => {
    const { rows } = await env.database.db.query<{ id: string }>(
      `INSERT INTO segments (name, rule) VALUES ('Security buyers, March 2025', $1::jsonb) RETURNING id`,
      [JSON.stringify({ kind: 'bought', family: 'security', from: '2025-03-01', to: '2025-03-31' })],
    );
    const result = await runAndCount({ source: 'segment', segmentId: rows[0]!.id });
    expect(result).toEqual({ preview: 5, members: 5 });
  });

  it('a customer-code list snapshots exactly its preview count', async () => {
    const db = env.database.db;
    const { rows } = await db.query<{ id: string }>(`INSERT INTO contact_lists (name, source) VALUES ('Codes from file', 'customer_codes') RETURNING id`);
    const listId = rows[0]!.id;
    await db.query(
      `INSERT INTO contact_list_members (list_id, contact_id) SELECT $1, id FROM contacts WHERE customer_code = ANY($2::text[])`,
      [listId, ['CUST-1', 'CUST-3', 'CUST-8', 'CUST-11']],
    );
    const result = await runAndCount({ source: 'list', listId });
    expect(result).toEqual({ preview: 4, members: 4 });
  });

  it('an inline rule tree and the flat rules still snapshot what they preview', async () => {
    const inline = await runAndCount({ source: 'rules', rule: { op: 'not', rule: { kind: 'customer', value: true } } });
    expect(inline).toEqual({ preview: 5, members: 5 });
    const flat = await runAndCount({ match: 'any', rules: [{ field: 'email', operator: 'contains', value: 'c1' }] });
    expect(flat).toEqual({ preview: 3, members: 3 });
  });
});
