import type { MessageEdit, ReviewMessage, ReviewTaskView } from '../contracts/review';
import type { Reviewers } from '../flow/nodes/review';
import { writeAudit, type Actor } from './audit';
import type { Db, DbClient, Queryable } from './pool';
import { scopeWhere, type Scope } from './scope';
import { conflict, notFound, refusableTransaction, refuse, type Outcome } from './write-refusal';

/** A review task as the node's activity sees it: one per arrival of messages at a review node. */
export interface ReviewTask {
  id: string;
  runId: string;
  nodeId: string;
  /** The cohort whose messages are under review. */
  cohortId: string;
  status: 'open' | 'closed' | 'cancelled';
  outcome: string | null;
}

/** Who asks: the reviewers' rule is matched against their person, team and role. */
export interface ReviewViewer {
  /** The person (null for an API token: it matches by role only). */
  userId: string | null;
  teamId: string | null;
  role: string;
  /** Whose contacts' messages they may read and change (db/scope.ts). */
  scope: Scope;
  actor: Actor;
}

const TASK_COLUMNS = `t.id, t.run_id AS "runId", t.node_id AS "nodeId", t.answers->>'cohortId' AS "cohortId", t.status, t.outcome`;

/** The review task id of an arrival: the same on every retry of the node's first batch. */
export function reviewTaskIdSql(arrivalParam: string): string {
  return `md5(${arrivalParam}::text || ':review')::uuid`;
}

/** Open the arrival's review task with its reviewers (idempotent: a retried batch finds it there). */
export async function openReviewTask(
  db: Queryable,
  task: { runId: string; nodeId: string; cohortId: string; instructions: string; dueAt: number | null; reviewers: Reviewers },
): Promise<void> {
  const { reviewers } = task;
  await db.query(
    `INSERT INTO tasks (id, type, run_id, node_id, due_at, notes, answers, reviewer_role, team, reviewer_ids)
     VALUES (${reviewTaskIdSql('$3')}, 'review', $1, $2, CASE WHEN $5::float8 IS NULL THEN NULL ELSE to_timestamp($5::float8 / 1000) END, $4,
             jsonb_build_object('cohortId', $3::text), $6, $7, $8)
     ON CONFLICT (id) DO NOTHING`,
    [
      task.runId,
      task.nodeId,
      task.cohortId,
      task.instructions,
      task.dueAt,
      reviewers.kind === 'role' ? reviewers.role : null,
      reviewers.kind === 'team' ? reviewers.teamId : null,
      reviewers.kind === 'users' ? reviewers.userIds : null,
    ],
  );
}

export async function reviewTaskForArrival(db: Queryable, cohortId: string): Promise<ReviewTask | undefined> {
  const { rows } = await db.query<ReviewTask>(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = ${reviewTaskIdSql('$1')}`, [cohortId]);
  return rows[0];
}

/** Close an open review task with its outcome; false when it was not open any more. */
export async function closeReviewTask(db: Queryable, taskId: string, outcome: 'approved' | 'expired'): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE tasks SET status = 'closed', outcome = $2, closed_at = now() WHERE id = $1 AND type = 'review' AND status = 'open'`,
    [taskId, outcome],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * The condition "the viewer may work review task `t`": an admin always; else the named people,
 * the team's members, or the role the task names (a task naming nobody: anyone who may review).
 */
function workableSql(viewer: ReviewViewer, params: unknown[]): string {
  if (viewer.role === 'admin') return `t.type = 'review'`;
  params.push(viewer.userId, viewer.teamId, viewer.role);
  const [user, team, role] = [params.length - 2, params.length - 1, params.length].map((index) => `$${index}`);
  return `t.type = 'review' AND CASE
      WHEN t.reviewer_ids IS NOT NULL THEN ${user}::uuid = ANY (t.reviewer_ids)
      WHEN t.team IS NOT NULL THEN t.team = ${team}::uuid
      ELSE t.reviewer_role IS NULL OR t.reviewer_role = ${role}::text
    END`;
}

const VIEW_COLUMNS = `t.id, t.run_id AS "runId", r.campaign_id AS "campaignId", c.name AS "campaignName", t.node_id AS "nodeId",
  t.answers->>'cohortId' AS "cohortId", t.status, t.outcome, COALESCE(t.notes, '') AS instructions, t.due_at AS "dueAt",
  t.created_at AS "createdAt", t.closed_at AS "closedAt",
  json_build_object('messages', n.messages, 'excluded', n.excluded, 'edited', n.edited) AS counts`;

// The members still waiting at the review, and what became of their messages.
const VIEW_FROM = `tasks t JOIN campaign_runs r ON r.id = t.run_id JOIN campaigns c ON c.id = r.campaign_id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS messages, count(*) FILTER (WHERE msg.status = 'excluded')::int AS excluded,
           count(*) FILTER (WHERE msg.edited_at IS NOT NULL)::int AS edited
    FROM campaign_members m LEFT JOIN messages msg ON msg.id = m.message_id
    WHERE m.cohort_id = (t.answers->>'cohortId')::uuid
  ) n`;

/** One review the viewer may work, or undefined (for them, another's review does not exist). */
export async function getReviewTask(db: Queryable, viewer: ReviewViewer, taskId: string): Promise<ReviewTaskView | undefined> {
  const params: unknown[] = [taskId];
  const { rows } = await db.query<ReviewTaskView>(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE t.id = $1 AND ${workableSql(viewer, params)}`, params);
  return rows[0];
}

/** The open reviews the viewer may work, the soonest due first (those without a deadline last), then oldest. */
export async function listOpenReviewTasks(db: Db, viewer: ReviewViewer): Promise<ReviewTaskView[]> {
  const params: unknown[] = [];
  const { rows } = await db.query<ReviewTaskView>(
    `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE t.status = 'open' AND ${workableSql(viewer, params)}
     ORDER BY t.due_at NULLS LAST, t.created_at, t.id`,
    params,
  );
  return rows;
}

const MESSAGE_COLUMNS = `msg.id, msg.contact_id AS "contactId", concat_ws(' ', ct.first_name, ct.last_name) AS "contactName",
  msg.to_address AS "toAddress", msg.subject, msg.body_text AS "bodyText", msg.body_html AS "bodyHtml", msg.status,
  CASE WHEN msg.status = 'excluded' THEN msg.error END AS "excludedBecause",
  CASE WHEN msg.edited_at IS NOT NULL THEN json_build_object('at', msg.edited_at, 'by', (SELECT name FROM users WHERE users.id = msg.edited_by)) END AS edited,
  CASE WHEN msg.edited_at IS NOT NULL THEN json_build_object('subject', msg.original_subject, 'bodyText', msg.original_body_text) END AS original`;

/** `%text%` for ILIKE, its wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A page of the messages under review (keyset by contact): those of the members still waiting
 * at the review, in the viewer's scope, optionally only those whose contact's name or e-mail,
 * subject or text contains `q`.
 */
export async function reviewMessagesPage(
  db: Queryable,
  scope: Scope,
  cohortId: string,
  page: { after: string | null; limit: number; q?: string },
): Promise<ReviewMessage[]> {
  const params: unknown[] = [cohortId, page.after, page.limit];
  const where = [`m.cohort_id = $1`, `m.contact_id > COALESCE($2::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`, scopeWhere(scope, 'ct.store_id', params)];
  const q = page.q?.trim();
  if (q) {
    params.push(containing(q));
    const p = `$${params.length}`;
    where.push(`(concat_ws(' ', ct.first_name, ct.last_name) ILIKE ${p} OR ct.email ILIKE ${p} OR msg.to_address ILIKE ${p}
      OR msg.subject ILIKE ${p} OR msg.body_text ILIKE ${p})`);
  }
  const { rows } = await db.query<ReviewMessage>(
    `SELECT ${MESSAGE_COLUMNS}
     FROM campaign_members m JOIN messages msg ON msg.id = m.message_id JOIN contacts ct ON ct.id = m.contact_id
     WHERE ${where.join(' AND ')}
     ORDER BY m.contact_id LIMIT $3`,
    params,
  );
  return rows;
}

/** Lock the viewer's open review for a change: another's review does not exist, a decided one cannot change. */
async function lockOpenReview(client: DbClient, viewer: ReviewViewer, taskId: string): Promise<{ id: string; cohortId: string }> {
  const params: unknown[] = [taskId];
  const { rows } = await client.query<{ id: string; cohortId: string; status: string; outcome: string | null }>(
    `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $1 AND ${workableSql(viewer, params)} FOR UPDATE OF t`,
    params,
  );
  const task = rows[0];
  if (!task) refuse(notFound('Review', taskId));
  if (task.status !== 'open') refuse(conflict('REVIEW_CLOSED', `The review is ${task.outcome ?? task.status}: it can no longer change`));
  return task;
}

/**
 * Edit one message of the review: its subject and text become what is sent; the first edit
 * keeps what was rendered in `original_*`. Only a draft of a member still at the review (and in
 * the viewer's scope) can be edited; audited in the same transaction.
 */
export async function editReviewMessage(db: Db, viewer: ReviewViewer, taskId: string, messageId: string, edit: MessageEdit): Promise<Outcome<string>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockOpenReview(client, viewer, taskId);
    const params: unknown[] = [task.cohortId, messageId];
    const { rows } = await client.query<{ status: string; subject: string | null; bodyText: string }>(
      `SELECT msg.status, msg.subject, msg.body_text AS "bodyText"
       FROM campaign_members m JOIN messages msg ON msg.id = m.message_id JOIN contacts ct ON ct.id = m.contact_id
       WHERE m.cohort_id = $1 AND m.message_id = $2 AND ${scopeWhere(viewer.scope, 'ct.store_id', params)}
       FOR UPDATE OF msg`,
      params,
    );
    const before = rows[0];
    if (!before) refuse(notFound('Message of this review', messageId));
    if (before.status !== 'draft') refuse(conflict('MESSAGE_NOT_EDITABLE', `The message is ${before.status}: only a message waiting for review can be edited`));
    const subject = edit.subject === undefined ? before.subject : edit.subject;
    // The edit is plain text: an HTML body rendered from the template would say something else.
    await client.query(
      `UPDATE messages SET original_subject = CASE WHEN edited_at IS NULL THEN subject ELSE original_subject END,
         original_body_text = CASE WHEN edited_at IS NULL THEN body_text ELSE original_body_text END,
         original_body_html = CASE WHEN edited_at IS NULL THEN body_html ELSE original_body_html END,
         subject = $2, body_text = $3, body_html = NULL, edited_at = now(), edited_by = $4, updated_at = now()
       WHERE id = $1`,
      [messageId, subject, edit.body, viewer.userId],
    );
    await writeAudit(client, viewer.actor, {
      action: 'message.edit',
      entity: 'message',
      entityId: messageId,
      diff: { review: taskId, ...(subject === before.subject ? {} : { subject: [before.subject, subject] }), body: [before.bodyText, edit.body] },
    });
    return messageId;
  });
}

/** One message of the review as the reviewer sees it (after an edit). */
export async function reviewMessage(db: Queryable, messageId: string): Promise<ReviewMessage | undefined> {
  const { rows } = await db.query<ReviewMessage>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages msg JOIN contacts ct ON ct.id = msg.contact_id WHERE msg.id = $1`,
    [messageId],
  );
  return rows[0];
}

/**
 * Exclude messages of the review's members (with the reviewer's reason); only drafts of this
 * review in the viewer's scope can be excluded. Returns the ids excluded; audited.
 */
export async function excludeReviewMessages(db: Db, viewer: ReviewViewer, taskId: string, messageIds: string[], reason: string): Promise<Outcome<string[]>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockOpenReview(client, viewer, taskId);
    const params: unknown[] = [task.cohortId, messageIds, reason];
    const { rows } = await client.query<{ id: string }>(
      `UPDATE messages SET status = 'excluded', error = $3, updated_at = now()
       FROM campaign_members m JOIN contacts ct ON ct.id = m.contact_id
       WHERE messages.id = ANY($2::uuid[]) AND m.cohort_id = $1 AND m.message_id = messages.id AND messages.status = 'draft'
         AND ${scopeWhere(viewer.scope, 'ct.store_id', params)}
       RETURNING messages.id`,
      params,
    );
    const excluded = rows.map((row) => row.id);
    if (excluded.length > 0) await writeAudit(client, viewer.actor, { action: 'review.exclude', entity: 'review', entityId: taskId, diff: { messages: excluded, reason } });
    return excluded;
  });
}

/** Approve the viewer's open review: every message not excluded goes on. Audited; returns its run's workflow. */
export async function approveReview(db: Db, viewer: ReviewViewer, taskId: string): Promise<Outcome<{ workflowId: string }>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockOpenReview(client, viewer, taskId);
    const { rows } = await client.query<{ workflowId: string }>(
      `UPDATE tasks t SET status = 'closed', outcome = 'approved', closed_at = now(), closed_by = $2
       FROM campaign_runs r WHERE t.id = $1 AND r.id = t.run_id RETURNING r.workflow_id AS "workflowId"`,
      [task.id, viewer.userId],
    );
    await writeAudit(client, viewer.actor, { action: 'review.approve', entity: 'review', entityId: taskId });
    return rows[0]!;
  });
}
