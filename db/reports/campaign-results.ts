import type { Queryable } from '../pool';

/**
 * What a campaign achieved, counted the way its plan's expected results are written (the
 * post-analysis and the plan-vs-actual report read these, so both show the same figures):
 * - reached: members actually contacted — a message sent to them or a call closed with them;
 * - responses: members who opened or clicked a mail of the run;
 * - conversions: opportunities the campaign's runs created (any stage).
 * A member is a contact in a run: one in two runs counts twice, as the plan counts runs' audiences.
 */
export interface CampaignResults {
  runs: number;
  members: number;
  reached: number;
  responses: number;
  conversions: number;
  /** A run of the campaign is still going (running or paused): the figures still move. */
  live: boolean;
}

export async function campaignResults(db: Queryable, campaignId: string): Promise<CampaignResults> {
  const { rows } = await db.query<{ runs: string; members: string; reached: string; responses: string; conversions: string; live: boolean }>(
    `WITH runs AS (SELECT id, status FROM campaign_runs WHERE campaign_id = $1)
     SELECT (SELECT count(*) FROM runs) AS runs,
       (SELECT count(*) FROM runs JOIN campaign_members m ON m.run_id = runs.id) AS members,
       (SELECT count(*) FROM (
          SELECT msg.run_id, msg.contact_id FROM runs JOIN messages msg ON msg.run_id = runs.id WHERE msg.status = 'sent'
          UNION
          SELECT t.run_id, t.contact_id FROM runs JOIN tasks t ON t.run_id = runs.id
          WHERE t.type = 'callback' AND t.status = 'closed' AND t.contact_id IS NOT NULL
        ) contacted) AS reached,
       (SELECT count(*) FROM (
          SELECT DISTINCT e.run_id, e.contact_id FROM runs JOIN events e ON e.run_id = runs.id AND e.type IN ('open', 'click')
        ) responded) AS responses,
       (SELECT count(*) FROM runs JOIN opportunities o ON o.run_id = runs.id) AS conversions,
       EXISTS (SELECT 1 FROM runs WHERE status IN ('running', 'paused')) AS live`,
    [campaignId],
  );
  const row = rows[0]!;
  return {
    runs: Number(row.runs),
    members: Number(row.members),
    reached: Number(row.reached),
    responses: Number(row.responses),
    conversions: Number(row.conversions),
    live: row.live,
  };
}
