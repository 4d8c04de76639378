import type { Db } from './pool';
import { ALL_CONTACTS, scopeWhere, type Scope } from './scope';

export type HistoryOrder = 'asc' | 'desc';

/** What the history points at, so a screen can link to it. */
export interface HistoryRef {
  type: 'campaign' | 'message' | 'task' | 'opportunity' | 'topic' | 'lead';
  id: string;
}

/**
 * One line of a contact's history. `kind` says where it comes from: campaign_joined, message,
 * engagement, task_created, task_closed, opportunity_created, opportunity_won, opportunity_lost,
 * consent, lead_created, or the contact event's own kind (note, call, lead_converted, ...).
 * `data` carries the structured detail of the kind — for a message its channel, status,
 * subject and rendered body.
 */
export interface HistoryItem {
  at: Date;
  kind: string;
  title: string;
  detail?: string;
  ref?: HistoryRef;
  data: Record<string, unknown>;
}

/** Where a page ended: the last item's time (microseconds, UTC) and unique key, in one order. */
export interface HistoryKey {
  order: HistoryOrder;
  at: string;
  key: string;
}

export interface HistoryPage {
  items: HistoryItem[];
  next: HistoryKey | null;
}

/**
 * Every source of a contact's history as rows of one shape. Each branch reads one table by
 * contact (indexed, see 0006); `k` is unique across all branches so (at, k) orders the whole
 * history totally and pages never skip or repeat a line.
 */
const HISTORY_SQL = `
  SELECT m.entered_at AS at, 'member:' || m.run_id AS k, 'campaign_joined' AS kind,
         'Joined campaign ' || c.name AS title, NULL::text AS detail, 'campaign' AS ref_type, c.id::text AS ref_id,
         jsonb_build_object('campaignId', c.id, 'campaignName', c.name, 'runId', m.run_id, 'memberStatus', m.status) AS data
  FROM campaign_members m JOIN campaign_runs r ON r.id = m.run_id JOIN campaigns c ON c.id = r.campaign_id
  WHERE m.contact_id = $1

  UNION ALL
  SELECT coalesce(msg.sent_at, msg.created_at), 'message:' || msg.id, 'message',
         CASE msg.channel WHEN 'email' THEN 'E-mail' WHEN 'sms' THEN 'SMS' ELSE 'Letter' END || ' '
           || CASE msg.status WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' WHEN 'excluded' THEN 'excluded by review'
                              WHEN 'sending' THEN 'being sent' ELSE 'prepared' END
           || coalesce(': ' || nullif(msg.subject, ''), ''),
         msg.body_text, 'message', msg.id::text,
         jsonb_strip_nulls(jsonb_build_object('channel', msg.channel, 'status', msg.status, 'toAddress', msg.to_address,
           'subject', msg.subject, 'bodyText', msg.body_text, 'bodyHtml', msg.body_html, 'sentAt', msg.sent_at,
           'error', msg.error, 'campaignId', c.id, 'campaignName', c.name, 'runId', msg.run_id))
  FROM messages msg JOIN campaign_runs r ON r.id = msg.run_id JOIN campaigns c ON c.id = r.campaign_id
  WHERE msg.contact_id = $1

  UNION ALL
  SELECT e.at, 'event:' || e.id, 'engagement',
         initcap(replace(e.type, '_', ' ')) || coalesce(': ' || nullif(msg.subject, ''), ''),
         e.data ->> 'url', CASE WHEN e.message_id IS NULL THEN NULL ELSE 'message' END, e.message_id::text,
         e.data || jsonb_strip_nulls(jsonb_build_object('type', e.type, 'runId', e.run_id, 'messageId', e.message_id))
  FROM events e LEFT JOIN messages msg ON msg.id = e.message_id
  WHERE e.contact_id = $1

  UNION ALL
  SELECT t.created_at, 'task:' || t.id || ':created', 'task_created',
         CASE t.type WHEN 'callback' THEN 'Call-back' ELSE 'Review' END || ' task for campaign ' || c.name,
         NULL, 'task', t.id::text,
         jsonb_strip_nulls(jsonb_build_object('type', t.type, 'dueAt', t.due_at, 'assignee', t.assignee, 'team', t.team,
           'store', t.store, 'campaignId', c.id, 'campaignName', c.name))
  FROM tasks t JOIN campaign_runs r ON r.id = t.run_id JOIN campaigns c ON c.id = r.campaign_id
  WHERE t.contact_id = $1

  UNION ALL
  SELECT t.closed_at, 'task:' || t.id || ':closed', 'task_closed',
         CASE t.type WHEN 'callback' THEN 'Call-back' ELSE 'Review' END
           || CASE t.status WHEN 'cancelled' THEN ' task cancelled' ELSE ' task closed' END
           || coalesce(': ' || t.outcome, ''),
         t.notes, 'task', t.id::text,
         jsonb_strip_nulls(jsonb_build_object('type', t.type, 'status', t.status, 'outcome', t.outcome, 'answers', t.answers,
           'attempts', t.attempts, 'campaignId', c.id, 'campaignName', c.name))
  FROM tasks t JOIN campaign_runs r ON r.id = t.run_id JOIN campaigns c ON c.id = r.campaign_id
  WHERE t.contact_id = $1 AND t.closed_at IS NOT NULL

  UNION ALL
  SELECT o.created_at, 'opportunity:' || o.id || ':created', 'opportunity_created', 'Opportunity opened: ' || o.title,
         o.goal, 'opportunity', o.id::text,
         jsonb_strip_nulls(jsonb_build_object('stage', o.stage, 'expectedRevenue', o.expected_revenue, 'campaignId', o.campaign_id))
  FROM opportunities o
  WHERE o.contact_id = $1

  UNION ALL
  SELECT o.closed_at, 'opportunity:' || o.id || ':closed', 'opportunity_' || o.stage,
         'Opportunity ' || o.stage || ': ' || o.title,
         CASE o.stage WHEN 'won' THEN 'Order ' || coalesce(o.order_reference, o.order_id::text) ELSE o.loss_reason END,
         'opportunity', o.id::text,
         jsonb_strip_nulls(jsonb_build_object('stage', o.stage, 'orderId', o.order_id, 'orderNumber', o.order_reference,
           'actualRevenue', o.actual_revenue, 'lossReason', o.loss_reason))
  FROM opportunities o
  WHERE o.contact_id = $1 AND o.stage IN ('won', 'lost') AND o.closed_at IS NOT NULL

  UNION ALL
  SELECT ce.occurred_at, 'contact_event:' || ce.id, ce.kind, ce.title, ce.body,
         CASE WHEN ce.data ? 'opportunityId' THEN 'opportunity' WHEN ce.task_id IS NOT NULL THEN 'task'
              WHEN ce.campaign_id IS NOT NULL THEN 'campaign' WHEN ce.data ? 'leadId' THEN 'lead' END,
         CASE WHEN ce.data ? 'opportunityId' THEN ce.data ->> 'opportunityId' WHEN ce.task_id IS NOT NULL THEN ce.task_id::text
              WHEN ce.campaign_id IS NOT NULL THEN ce.campaign_id::text WHEN ce.data ? 'leadId' THEN ce.data ->> 'leadId' END,
         ce.data || jsonb_strip_nulls(jsonb_build_object('actor', ce.actor, 'campaignId', ce.campaign_id, 'runId', ce.run_id, 'taskId', ce.task_id))
  FROM contact_events ce
  WHERE ce.contact_id = $1
    -- The opportunity milestones the opportunities module mirrors here come from the
    -- opportunities table above (with their revenue and reason); shown once, not twice.
    AND NOT (ce.kind IN ('opportunity_created', 'opportunity_won', 'opportunity_lost')
             AND EXISTS (SELECT 1 FROM opportunities o WHERE o.contact_id = $1 AND o.id::text = ce.data ->> 'opportunityId'))

  UNION ALL
  SELECT cr.recorded_at, 'consent:' || cr.id, 'consent',
         'Consent ' || cr.action || CASE WHEN tp.id IS NULL THEN ' (' || cr.channel || ')' ELSE ': ' || tp.name END,
         cr.text_shown, CASE WHEN tp.id IS NULL THEN NULL ELSE 'topic' END, tp.id::text,
         jsonb_strip_nulls(jsonb_build_object('action', cr.action, 'channel', cr.channel, 'topicCode', tp.code, 'source', cr.source,
           'ipAddress', cr.ip_address, 'recordedBy', cr.recorded_by, 'viaLeadId', cr.lead_id))
  FROM consent_records cr LEFT JOIN topics tp ON tp.id = cr.topic_id
  WHERE cr.contact_id = $1 OR cr.lead_id IN (SELECT l.id FROM leads l WHERE l.converted_contact_id = $1)

  UNION ALL
  SELECT l.created_at, 'lead:' || l.id, 'lead_created', 'Lead created (' || l.source || ')', l.notes, 'lead', l.id::text,
         jsonb_strip_nulls(jsonb_build_object('source', l.source, 'companyName', l.company_name, 'convertedAt', l.converted_at))
  FROM leads l
  WHERE l.converted_contact_id = $1`;

/** Allowlisted SQL for each order: never request text in the statement. */
const DIRECTION: Record<HistoryOrder, { sort: string; after: string }> = {
  desc: { sort: 'DESC', after: '<' },
  asc: { sort: 'ASC', after: '>' },
};

/**
 * One page of a contact's history in time order, from every source at once: one UNION ALL
 * statement, ordered and limited in Postgres, continued from `before` (the previous page's
 * last line). Empty when the contact is outside `scope` (or does not exist: that is not
 * checked here). Every route passes its caller's scope; the default is for the product's own
 * code (seed, tests).
 */
export async function contactHistory(
  db: Db,
  contactId: string,
  query: { order: HistoryOrder; limit: number; before?: HistoryKey },
  scope: Scope = ALL_CONTACTS,
): Promise<HistoryPage> {
  const { sort, after } = DIRECTION[query.order];
  const params: unknown[] = [contactId, query.before?.at ?? null, query.before?.key ?? null, query.limit + 1];
  // Every line is the contact's own, so the contact being in scope scopes them all.
  const inScope = `EXISTS (SELECT 1 FROM contacts c WHERE c.id = $1 AND ${scopeWhere(scope, 'c.store_id', params)})`;
  const { rows } = await db.query<{ at: Date; atKey: string; k: string; kind: string; title: string; detail: string | null; refType: HistoryRef['type'] | null; refId: string | null; data: Record<string, unknown> }>(
    `SELECT h.at, to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "atKey", h.k, h.kind, h.title, h.detail,
            h.ref_type AS "refType", h.ref_id AS "refId", h.data
     FROM (${HISTORY_SQL}) h
     WHERE ${inScope} AND h.at IS NOT NULL AND ($2::timestamptz IS NULL OR (h.at, h.k) ${after} ($2::timestamptz, $3::text))
     ORDER BY h.at ${sort}, h.k ${sort}
     LIMIT $4`,
    params,
  );
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      at: row.at,
      kind: row.kind,
      title: row.title,
      ...(row.detail === null ? {} : { detail: row.detail }),
      ...(row.refType === null || row.refId === null ? {} : { ref: { type: row.refType, id: row.refId } }),
      data: row.data,
    })),
    next: more && last ? { order: query.order, at: last.atKey, key: last.k } : null,
  };
}
