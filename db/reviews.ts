import type { Db, Queryable } from './pool';

/** A review task: one per arrival of messages at a review node. */
export interface ReviewTask {
  id: string;
  runId: string;
  nodeId: string;
  /** The cohort whose messages are under review. */
  cohortId: string;
  status: 'open' | 'closed' | 'cancelled';
  outcome: string | null;
  instructions: string;
  dueAt: string | null;
  createdAt: string;
  closedAt: string | null;
}

const TASK_COLUMNS = `id, run_id AS "runId", node_id AS "nodeId", answers->>'cohortId' AS "cohortId", status, outcome,
  COALESCE(notes, '') AS instructions, due_at AS "dueAt", created_at AS "createdAt", closed_at AS "closedAt"`;

/** The review task id of an arrival: the same on every retry of the node's first batch. */
export function reviewTaskIdSql(arrivalParam: string): string {
  return `md5(${arrivalParam}::text || ':review')::uuid`;
}

/** Open the arrival's review task (idempotent: a retried batch finds it there). */
export async function openReviewTask(
  db: Queryable,
  task: { runId: string; nodeId: string; cohortId: string; instructions: string; dueAt: number | null },
): Promise<void> {
  await db.query(
    `INSERT INTO tasks (id, type, run_id, node_id, due_at, notes, answers)
     VALUES (${reviewTaskIdSql('$3')}, 'review', $1, $2, CASE WHEN $5::float8 IS NULL THEN NULL ELSE to_timestamp($5::float8 / 1000) END, $4,
             jsonb_build_object('cohortId', $3::text))
     ON CONFLICT (id) DO NOTHING`,
    [task.runId, task.nodeId, task.cohortId, task.instructions, task.dueAt],
  );
}

export async function reviewTaskForArrival(db: Queryable, cohortId: string): Promise<ReviewTask | undefined> {
  const { rows } = await db.query<ReviewTask>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = ${reviewTaskIdSql('$1')}`, [cohortId]);
  return rows[0];
}

export async function getReviewTask(db: Queryable, taskId: string): Promise<ReviewTask | undefined> {
  const { rows } = await db.query<ReviewTask>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = $1 AND type = 'review'`, [taskId]);
  return rows[0];
}

/** Open review tasks, oldest first (the reviewer's queue). */
export async function listOpenReviewTasks(db: Db): Promise<ReviewTask[]> {
  const { rows } = await db.query<ReviewTask>(`SELECT ${TASK_COLUMNS} FROM tasks WHERE type = 'review' AND status = 'open' ORDER BY created_at, id`);
  return rows;
}

/** Close an open review task with its outcome; false when it was not open any more. */
export async function closeReviewTask(db: Queryable, taskId: string, outcome: 'approved' | 'expired'): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE tasks SET status = 'closed', outcome = $2, closed_at = now() WHERE id = $1 AND type = 'review' AND status = 'open'`,
    [taskId, outcome],
  );
  return (rowCount ?? 0) > 0;
}

/** A message under review, as the reviewer sees it. */
export interface ReviewMessage {
  id: string;
  contactId: string;
  toAddress: string;
  subject: string | null;
  bodyText: string;
  status: string;
  /** Why the reviewer excluded it. */
  excludedBecause: string | null;
}

/** A page of the messages under review (keyset by contact), those of the task's cohort members. */
export async function reviewMessagesPage(db: Queryable, cohortId: string, afterContactId: string | null, limit: number): Promise<ReviewMessage[]> {
  const { rows } = await db.query<ReviewMessage>(
    `SELECT msg.id, page.contact_id AS "contactId", msg.to_address AS "toAddress", msg.subject, msg.body_text AS "bodyText", msg.status,
            CASE WHEN msg.status = 'excluded' THEN msg.error END AS "excludedBecause"
     FROM cohort_page($1, $2, $3) page
     JOIN LATERAL (SELECT * FROM messages WHERE messages.id = page.message_id OFFSET 0) msg ON true
     ORDER BY page.contact_id`,
    [cohortId, afterContactId, limit],
  );
  return rows;
}

/**
 * Exclude messages of the review's members (with the reviewer's reason); only drafts of this
 * review can be excluded. Returns the ids excluded.
 */
export async function excludeMessages(db: Queryable, cohortId: string, messageIds: string[], reason: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE messages SET status = 'excluded', error = $3, updated_at = now()
     FROM campaign_members m
     WHERE messages.id = ANY($2::uuid[]) AND m.cohort_id = $1 AND m.message_id = messages.id AND messages.status = 'draft'
     RETURNING messages.id`,
    [cohortId, messageIds, reason],
  );
  return rows.map((row) => row.id);
}
