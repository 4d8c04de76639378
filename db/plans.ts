import type { Static } from '@sinclair/typebox';
import type { PlanInputSchema, PlanSchema } from '../contracts/budget';
import { predictedRoi } from '../flow/roi';
import { changedFields, writeAudit, type Actor } from './audit';
import type { Db, Queryable } from './pool';
import { invalid, notFound, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';

export type PlanInput = Static<typeof PlanInputSchema>;

/** The plan with the ROI it predicts; `updatedAt` null: no plan saved yet, the figures are the defaults. */
export type Plan = Static<typeof PlanSchema>;

/** A campaign without a saved plan has this one: the table's defaults, nothing planned or expected. */
const DEFAULTS = { currency: 'EUR', budget: '0.00', attributionDays: 30, holdoutPercent: 0 };

type StoredPlan = Omit<Plan, 'predictedRoi' | 'plannedCosts'>;

/** A campaign's plan with the ROI it predicts; undefined when the campaign does not exist. */
export async function getPlan(db: Queryable, campaignId: string): Promise<Plan | undefined> {
  const { rows } = await db.query<StoredPlan & { exists: boolean }>(
    `SELECT c.id AS "campaignId", p.currency, p.budget::text AS budget, p.expected_reached AS "expectedReached",
            p.expected_responses AS "expectedResponses", p.expected_conversions AS "expectedConversions",
            p.expected_revenue::text AS "expectedRevenue", p.attribution_days AS "attributionDays",
            p.holdout_percent::float8 AS "holdoutPercent", p.updated_at AS "updatedAt", p.campaign_id IS NOT NULL AS exists
     FROM campaigns c LEFT JOIN campaign_plans p ON p.campaign_id = c.id WHERE c.id = $1`,
    [campaignId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { exists, ...stored } = row;
  const plan: StoredPlan = exists ? stored : { ...stored, ...DEFAULTS, updatedAt: null };
  const costs = await db.query<Plan['plannedCosts'][number]>(
    `SELECT channel, amount::text AS amount FROM campaign_planned_costs WHERE campaign_id = $1 ORDER BY channel`,
    [campaignId],
  );
  return withPrediction(plan, costs.rows);
}

function withPrediction(plan: StoredPlan, plannedCosts: Plan['plannedCosts']): Plan {
  return {
    ...plan,
    plannedCosts,
    predictedRoi: predictedRoi({ expectedRevenue: plan.expectedRevenue, plannedCosts: plannedCosts.map((cost) => cost.amount), budget: plan.budget }),
  };
}

/**
 * Replace a campaign's plan (a field not sent takes its default), audited in the same
 * transaction with what changed. A plan may change while a run goes: a run draws its holdout at
 * its start, so a new holdout share applies to runs started afterwards.
 */
export async function savePlan(db: Db, actor: Actor, campaignId: string, input: PlanInput): Promise<Outcome<Plan>> {
  return refusableTransaction(db, async (client) => {
    const campaign = await client.query('SELECT 1 FROM campaigns WHERE id = $1 FOR NO KEY UPDATE', [campaignId]);
    if (campaign.rows.length === 0) refuse(notFound('Campaign', campaignId));
    const plannedCosts = input.plannedCosts ?? [];
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    plannedCosts.forEach((cost, i) => {
      if (seen.has(cost.channel)) problems.push({ field: `plannedCosts[${i}].channel`, message: `${cost.channel} appears twice: a plan holds one amount per channel` });
      seen.add(cost.channel);
    });
    if (problems.length > 0) refuse(invalid(problems));
    const before = (await getPlan(client, campaignId))!;
    await client.query(
      `INSERT INTO campaign_plans (campaign_id, currency, budget, expected_reached, expected_responses, expected_conversions, expected_revenue,
                                   attribution_days, holdout_percent, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (campaign_id) DO UPDATE SET currency = $2, budget = $3, expected_reached = $4, expected_responses = $5,
         expected_conversions = $6, expected_revenue = $7, attribution_days = $8, holdout_percent = $9, updated_at = now()`,
      [
        campaignId,
        input.currency ?? DEFAULTS.currency,
        input.budget,
        input.expectedReached ?? null,
        input.expectedResponses ?? null,
        input.expectedConversions ?? null,
        input.expectedRevenue ?? null,
        input.attributionDays ?? DEFAULTS.attributionDays,
        input.holdoutPercent ?? DEFAULTS.holdoutPercent,
      ],
    );
    await client.query('DELETE FROM campaign_planned_costs WHERE campaign_id = $1', [campaignId]);
    await client.query(
      `INSERT INTO campaign_planned_costs (campaign_id, channel, amount)
       SELECT $1, c.channel, c.amount FROM jsonb_to_recordset($2::jsonb) AS c(channel text, amount numeric)`,
      [campaignId, JSON.stringify(plannedCosts)],
    );
    const after = (await getPlan(client, campaignId))!;
    const diff = changedFields(auditable(before), auditable(after));
    await writeAudit(client, actor, { action: before.updatedAt === null ? 'plan.create' : 'plan.update', entity: 'campaign', entityId: campaignId, diff });
    return after;
  });
}

/** The plan's own fields, as compared for the audit diff (the prediction and timestamp follow from them). */
function auditable(plan: Plan): Record<string, unknown> {
  const { predictedRoi: _roi, updatedAt: _at, campaignId: _id, plannedCosts, ...fields } = plan;
  return { ...fields, plannedCosts: Object.fromEntries(plannedCosts.map((cost) => [cost.channel, cost.amount])) };
}
