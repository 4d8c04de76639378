import type { Static } from '@sinclair/typebox';
import type { CampaignSchema } from '../contracts/campaign';
import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';

export type CampaignKind = 'direct' | 'general';

export type Campaign = Static<typeof CampaignSchema>;

const CAMPAIGN_COLUMNS = `id, name, flow_id AS "flowId", kind, goal, created_at AS "createdAt"`;

const FOREIGN_KEY_VIOLATION = '23503';

export async function listCampaigns(db: Db): Promise<Campaign[]> {
  const { rows } = await db.query<Campaign>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns ORDER BY created_at DESC, id`);
  return rows;
}

export async function getCampaign(db: Db, id: string): Promise<Campaign | undefined> {
  const { rows } = await db.query<Campaign>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * How many contacts the campaign's runs have mailed (a message of theirs sent, on any channel),
 * each counted once however many runs reached them: what a second start would reach again.
 */
export async function countContactsMailed(db: Db, campaignId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT m.contact_id)::int AS n FROM campaign_runs r JOIN messages m ON m.run_id = r.id
     WHERE r.campaign_id = $1 AND m.status = 'sent'`,
    [campaignId],
  );
  return rows[0]?.n ?? 0;
}

export type CreateCampaignResult = { campaign: Campaign } | { unknownFlow: true };

/** Insert a campaign (audited); a flow that does not exist is reported, not thrown. */
export async function createCampaign(
  db: Db,
  actor: Actor,
  input: { name: string; flowId: string; kind?: CampaignKind; goal?: string },
): Promise<CreateCampaignResult> {
  try {
    return await inTransaction(db, async (client) => {
      const { rows } = await client.query<Campaign>(
        `INSERT INTO campaigns (name, flow_id, kind, goal) VALUES ($1, $2, coalesce($3, 'direct'), $4) RETURNING ${CAMPAIGN_COLUMNS}`,
        [input.name, input.flowId, input.kind ?? null, input.goal ?? null],
      );
      const campaign = rows[0]!;
      const { name, flowId, kind, goal } = campaign;
      await writeAudit(client, actor, { action: 'campaign.create', entity: 'campaign', entityId: campaign.id, diff: { name, flowId, kind, goal } });
      return { campaign };
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) return { unknownFlow: true };
    throw error;
  }
}

/**
 * Remove a run whose workflow could not be started, so no run is left that nothing executes.
 * Only a run with nothing under it can go: the workflow's first activity is what adds members.
 * The run's `run.start` row stays (the log is append-only): a `run.discard` row beside it says
 * the start was undone and why.
 */
export async function discardUnstartedRun(db: Db, actor: Actor, runId: string, reason: string): Promise<void> {
  await inTransaction(db, async (client) => {
    const { rowCount } = await client.query(
      `DELETE FROM campaign_runs r WHERE r.id = $1
       AND NOT EXISTS (SELECT 1 FROM cohorts c WHERE c.run_id = r.id)`,
      [runId],
    );
    if (rowCount) await writeAudit(client, actor, { action: 'run.discard', entity: 'run', entityId: runId, diff: { reason } });
  });
}
