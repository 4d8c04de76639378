import type { Static } from '@sinclair/typebox';
import type { CampaignPatchSchema, CampaignSchema, CreateCampaignSchema, StartPreviewSchema } from '../contracts/campaign';
import type { FlowGraph } from '../flow/graph';
import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type DbClient, type Queryable } from './pool';
import { compileAudienceSelection, type AudienceSelection } from './segments/audience-where';
import { periodProblem } from './validity-period';
import { conflict, invalid, isUniqueViolation, notFound, refusableTransaction, refuse, type FieldProblem, type Refusal } from './write-refusal';

export type CampaignKind = 'direct' | 'general';

export type Campaign = Static<typeof CampaignSchema>;
export type CampaignInput = Static<typeof CreateCampaignSchema>;
export type CampaignPatch = Static<typeof CampaignPatchSchema>;
export type StartPreview = Static<typeof StartPreviewSchema>;

/** A campaign with the names of what it points at, and its newest run (for the catalogue's list). */
const CAMPAIGN_SELECT = `SELECT cp.id, cp.code, cp.name, cp.flow_id AS "flowId", cp.kind, cp.goal,
    to_char(cp.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(cp.valid_to, 'YYYY-MM-DD') AS "validTo",
    cp.product_id AS "productId", CASE WHEN p.id IS NOT NULL THEN p.code || ' ' || p.name END AS "productName",
    cp.price_list_id AS "priceListId", pl.name AS "priceListName", cp.script,
    cp.owner_id AS "ownerId", u.name AS "ownerName",
    cp.topic_id AS "topicId", t.name AS "topicName", cp.mail_purpose AS "mailPurpose", cp.default_language AS "defaultLanguage",
    (SELECT json_build_object('id', r.id, 'status', r.status, 'startedAt', r.started_at) FROM campaign_runs r
     WHERE r.campaign_id = cp.id ORDER BY r.started_at DESC, r.id LIMIT 1) AS "latestRun",
    cp.created_at AS "createdAt", cp.updated_at AS "updatedAt"
  FROM campaigns cp
  LEFT JOIN products p ON p.id = cp.product_id
  LEFT JOIN price_lists pl ON pl.id = cp.price_list_id
  LEFT JOIN users u ON u.id = cp.owner_id
  LEFT JOIN topics t ON t.id = cp.topic_id`;

/** Every campaign, newest first, each with its latest run (one index read per campaign: campaign_runs_campaign). */
export async function listCampaigns(db: Db): Promise<Campaign[]> {
  const { rows } = await db.query<Campaign>(`${CAMPAIGN_SELECT} ORDER BY cp.created_at DESC, cp.id`);
  return rows;
}

export async function getCampaign(db: Queryable, id: string): Promise<Campaign | undefined> {
  const { rows } = await db.query<Campaign>(`${CAMPAIGN_SELECT} WHERE cp.id = $1`, [id]);
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

export type CreateCampaignResult = { campaign: Campaign } | { refused: Refusal };

/** The columns a campaign's fields are stored in; the audit diff uses the field names. */
const COLUMN_OF = {
  name: 'name',
  code: 'code',
  flowId: 'flow_id',
  kind: 'kind',
  goal: 'goal',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  productId: 'product_id',
  priceListId: 'price_list_id',
  script: 'script',
  ownerId: 'owner_id',
  topicId: 'topic_id',
  mailPurpose: 'mail_purpose',
  defaultLanguage: 'default_language',
} as const satisfies Record<keyof CampaignPatch, string>;

type Field = keyof typeof COLUMN_OF;

/** Insert a campaign (audited), its references checked: a refusal names each field at fault. */
export async function createCampaign(db: Db, actor: Actor, input: CampaignInput): Promise<CreateCampaignResult> {
  const outcome = await refusableTransaction(db, async (client) => {
    const values: CampaignInput = { ...input, kind: input.kind ?? 'direct' };
    await checkCampaign(client, values, new Set(Object.keys(values) as Field[]));
    const fields = (Object.keys(values) as Field[]).filter((field) => values[field] !== undefined);
    const { rows } = await insertOrExplain(values.code, () =>
      client.query<{ id: string }>(
        `INSERT INTO campaigns (${fields.map((field) => COLUMN_OF[field]).join(', ')}) VALUES (${fields.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        fields.map((field) => values[field]),
      ),
    );
    const id = rows[0]!.id;
    await writeAudit(client, actor, { action: 'campaign.create', entity: 'campaign', entityId: id, diff: Object.fromEntries(fields.map((field) => [field, values[field]])) });
    return (await getCampaign(client, id))!;
  });
  return 'ok' in outcome ? { campaign: outcome.ok } : outcome;
}

/** Change the fields sent (audited with before and after); everything is checked as it will be after the change. */
export async function updateCampaign(db: Db, actor: Actor, id: string, patch: CampaignPatch): Promise<{ campaign: Campaign } | { refused: Refusal }> {
  const outcome = await refusableTransaction(db, async (client) => {
    const { rows } = await client.query<Record<Field, string | null>>(
      `SELECT ${(Object.keys(COLUMN_OF) as Field[]).map((field) => `${dayText(field)} AS "${field}"`).join(', ')} FROM campaigns WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const current = rows[0];
    if (!current) refuse(notFound('Campaign', id));
    const changed = (Object.keys(patch) as Field[]).filter((field) => patch[field] !== undefined && patch[field] !== current[field]);
    if (changed.length === 0) return (await getCampaign(client, id))!;
    const after = { ...current, ...patch } as CampaignInput;
    await checkCampaign(client, after, new Set(changed));
    await insertOrExplain(after.code, () =>
      client.query(
        `UPDATE campaigns SET ${changed.map((field, i) => `${COLUMN_OF[field]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
        [id, ...changed.map((field) => patch[field])],
      ),
    );
    const diff = Object.fromEntries(changed.map((field) => [field, [current[field], patch[field]]]));
    await writeAudit(client, actor, { action: 'campaign.update', entity: 'campaign', entityId: id, diff });
    return (await getCampaign(client, id))!;
  });
  return 'ok' in outcome ? { campaign: outcome.ok } : outcome;
}

/** A field's column as the API writes it: days as YYYY-MM-DD, so a resent day is no change. */
function dayText(field: Field): string {
  const column = COLUMN_OF[field];
  if (field === 'validFrom' || field === 'validTo') return `to_char(${column}, 'YYYY-MM-DD')`;
  return `${column}${field.endsWith('Id') ? '::text' : ''}`;
}

/** A duplicate code, whatever its case, refuses the write with a 409 naming the field; other errors pass. */
async function insertOrExplain<T>(code: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error, 'campaigns_code_key')) throw error;
    return refuse(conflict('DUPLICATE_CODE', `Another campaign already has the code ${code}`, [{ field: 'code', message: 'is already used by another campaign' }]));
  }
}

/**
 * What the schema cannot say: the period's order, and the references (flow, product, price list,
 * owner) exist. A reference is checked only when it is `touched` (new, or changed by a patch),
 * so an owner disabled since, or a product retired since, does not block an edit of the name.
 * The price list must price the product, checked whenever either changes.
 */
async function checkCampaign(client: DbClient, campaign: CampaignInput, touched: ReadonlySet<Field>): Promise<void> {
  const problems: FieldProblem[] = [];
  if (campaign.validFrom && campaign.validTo) {
    const bad = periodProblem({ validFrom: campaign.validFrom, validTo: campaign.validTo });
    if (bad) problems.push(bad);
  }
  const { rows } = await client.query<{ flow: boolean; product: boolean; active: boolean; list: boolean; priced: boolean; owner: boolean; ownerEnabled: boolean; topic: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM flows WHERE id = $1) AS flow,
       EXISTS (SELECT 1 FROM products WHERE id = $2) AS product,
       EXISTS (SELECT 1 FROM products WHERE id = $2 AND active) AS active,
       EXISTS (SELECT 1 FROM price_lists WHERE id = $3) AS list,
       EXISTS (SELECT 1 FROM price_list_items WHERE price_list_id = $3 AND product_id = $2) AS priced,
       EXISTS (SELECT 1 FROM users WHERE id = $4) AS owner,
       EXISTS (SELECT 1 FROM users WHERE id = $4 AND NOT disabled) AS "ownerEnabled",
       EXISTS (SELECT 1 FROM topics WHERE id = $5) AS topic`,
    [campaign.flowId, campaign.productId ?? null, campaign.priceListId ?? null, campaign.ownerId ?? null, campaign.topicId ?? null],
  );
  const found = rows[0]!;
  if (touched.has('flowId') && !found.flow) problems.push({ field: 'flowId', message: 'names no flow' });
  if (touched.has('productId') && campaign.productId) {
    if (!found.product) problems.push({ field: 'productId', message: 'names no product' });
    else if (!found.active) problems.push({ field: 'productId', message: 'names a product that is no longer sold (inactive)' });
  }
  if ((touched.has('priceListId') || touched.has('productId')) && campaign.priceListId) {
    if (!found.list) problems.push({ field: 'priceListId', message: 'names no price list' });
    else if (!campaign.productId) problems.push({ field: 'priceListId', message: 'is the list the promoted product is priced from: choose the product too' });
    else if (found.product && !found.priced) problems.push({ field: 'priceListId', message: 'has no price for the promoted product' });
  }
  if (touched.has('ownerId') && campaign.ownerId) {
    if (!found.owner) problems.push({ field: 'ownerId', message: 'names no user' });
    else if (!found.ownerEnabled) problems.push({ field: 'ownerId', message: 'names a disabled user' });
  }
  if (touched.has('topicId') && campaign.topicId && !found.topic) problems.push({ field: 'topicId', message: 'names no topic' });
  if (problems.length > 0) refuse(invalid(problems));
}

/** What the campaign of a run says to its steps: the script, the promoted product and its price list, the last valid day. */
export interface RunCampaignTerms {
  campaignId: string;
  script: string | null;
  productId: string | null;
  priceListId: string | null;
  /** YYYY-MM-DD or null. */
  validTo: string | null;
}

export async function campaignTermsOfRun(db: Queryable, runId: string): Promise<RunCampaignTerms | undefined> {
  const { rows } = await db.query<RunCampaignTerms>(
    `SELECT cp.id AS "campaignId", cp.script, cp.product_id AS "productId", cp.price_list_id AS "priceListId", to_char(cp.valid_to, 'YYYY-MM-DD') AS "validTo"
     FROM campaign_runs r JOIN campaigns cp ON cp.id = r.campaign_id WHERE r.id = $1`,
    [runId],
  );
  return rows[0];
}

/**
 * SQL: the instant a campaign's validity ends (the start of the day after `valid_to`, in the
 * database's time zone, as price lists' days are), null when it has no end. `campaign` is the
 * alias of a `campaigns` row.
 */
export function validityEndSql(campaign: string): string {
  return `((${campaign}.valid_to + 1)::timestamptz)`;
}

/**
 * Why a run of the campaign may not start today, or null when it may: before its first valid day
 * or after its last (today is the database's `current_date`, the day price lists use); or its
 * flow mails (a generate or send step) as marketing without naming the topic it mails about, so
 * nobody could lawfully receive it.
 */
export interface StartRefusal {
  code: 'OUTSIDE_VALIDITY' | 'NO_MAIL_TOPIC';
  message: string;
}

export async function startRefusal(db: Queryable, campaignId: string, graph: FlowGraph): Promise<StartRefusal | null> {
  const { rows } = await db.query<{ validFrom: string | null; validTo: string | null; early: boolean; late: boolean; marketingWithoutTopic: boolean }>(
    `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
       coalesce(current_date < valid_from, false) AS early, coalesce(current_date > valid_to, false) AS late,
       mail_purpose = 'marketing' AND topic_id IS NULL AS "marketingWithoutTopic"
     FROM campaigns WHERE id = $1`,
    [campaignId],
  );
  const campaign = rows[0];
  if (!campaign) return null;
  const period = `valid ${campaign.validFrom ? `from ${campaign.validFrom} ` : ''}${campaign.validTo ? `to ${campaign.validTo}` : ''}`.trim();
  if (campaign.early) return { code: 'OUTSIDE_VALIDITY', message: `The campaign is ${period}: a run cannot start before ${campaign.validFrom}` };
  if (campaign.late) return { code: 'OUTSIDE_VALIDITY', message: `The campaign is ${period}: its validity ended on ${campaign.validTo}, so no run can start` };
  if (campaign.marketingWithoutTopic && graph.nodes.some((node) => MAILING_NODE_TYPES.has(node.type))) {
    return {
      code: 'NO_MAIL_TOPIC',
      message: 'The campaign sends marketing e-mail but names no topic: choose the topic it mails about (only its subscribers are mailed), or mark it as service mail',
    };
  }
  return null;
}

/** Steps that make or send mail: a flow with one needs a lawful basis to mail. */
const MAILING_NODE_TYPES = new Set(['generate', 'send']);

/**
 * Whom a start would reach now, split by whether they have an e-mail address: the contacts any
 * of the flow's audience nodes selects, each once (the run's snapshot adds a contact once per
 * run, however many audience nodes select it), compiled by the same function the snapshot runs.
 */
export async function previewStartAudience(db: Db, graph: FlowGraph): Promise<Omit<StartPreview, 'refusal'>> {
  const params: unknown[] = [];
  const selections: string[] = [];
  for (const node of graph.nodes) {
    if (node.type === 'audience') selections.push(`(${await compileAudienceSelection(db, node.config as AudienceSelection, params)})`);
  }
  if (selections.length === 0) return { audience: 0, withEmail: 0, withoutEmail: 0 };
  const { rows } = await db.query<{ audience: number; withEmail: number }>(
    `SELECT count(*)::int AS audience, count(*) FILTER (WHERE nullif(c.email, '') IS NOT NULL)::int AS "withEmail"
     FROM contacts c WHERE ${selections.join(' OR ')}`,
    params,
  );
  const { audience, withEmail } = rows[0]!;
  return { audience, withEmail, withoutEmail: audience - withEmail };
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
