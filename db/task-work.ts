import type { Static } from '@sinclair/typebox';
import type { ContactEventInputSchema } from '../contracts/contact-event';
import type { RESCHEDULE_PRESETS } from '../contracts/task';
import { answerProblems, attributeAnswers, type Answer, type AnswerProblem } from '../flow/nodes/callback-answers';
import { OBJECTIVE_MET, type CallbackConfig } from '../flow/nodes/callback';
import { writeAudit } from './audit';
import { validityEndSql } from './campaigns';
import { bookCallCosts } from './cost-ledger';
import { checkAttributeValue, loadAttributeRules } from './contact-attributes';
import type { ContactEvent } from './contact-events';
import type { Db, DbClient } from './pool';
import { callbackConfigOf, visibleTaskSql, type TaskViewer } from './tasks';
import { conflict, invalid, notFound, refusableTransaction, refuse, type Outcome } from './write-refusal';

/** A call locked for a change, with what a change needs to know. */
interface LockedTask {
  id: string;
  status: 'open' | 'closed' | 'cancelled';
  outcome: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  runId: string;
  workflowId: string;
  campaignId: string;
  nodeId: string;
  contactId: string;
  dueAt: Date;
  deadlineAt: Date | null;
  /** When the campaign's validity ends (null: it has no last day): no call falls due after it. */
  validUntil: Date | null;
}

/** What a write tells the route: which task, and which run to wake. */
export interface TaskChange {
  taskId: string;
  runId: string;
  workflowId: string;
}

/** Lock a call the viewer may see for the rest of the transaction; a call they may not see does not exist. */
async function lockTask(client: DbClient, viewer: TaskViewer, id: string): Promise<LockedTask> {
  const params: unknown[] = [id];
  const { rows } = await client.query<LockedTask>(
    `SELECT t.id, t.status, t.outcome, t.assignee AS "assigneeId", au.name AS "assigneeName", t.run_id AS "runId",
            r.workflow_id AS "workflowId", r.campaign_id AS "campaignId", t.node_id AS "nodeId", t.contact_id AS "contactId",
            t.due_at AS "dueAt", t.deadline_at AS "deadlineAt", ${validityEndSql('cp')} AS "validUntil"
     FROM tasks t JOIN campaign_runs r ON r.id = t.run_id JOIN campaigns cp ON cp.id = r.campaign_id LEFT JOIN users au ON au.id = t.assignee
     WHERE t.id = $1 AND ${visibleTaskSql(viewer, params)}
     FOR UPDATE OF t`,
    params,
  );
  const task = rows[0];
  if (!task) refuse(notFound('Task', id));
  return task;
}

/** A change to a call needs it open, and theirs, unassigned, or an admin's to take over. */
function assertWorkable(task: LockedTask, viewer: TaskViewer): void {
  if (task.status !== 'open') refuse(conflict('TASK_CLOSED', `This call is ${task.status}${task.outcome ? ` (${task.outcome})` : ''}: it can no longer change`));
  if (task.assigneeId !== null && task.assigneeId !== viewer.userId && !viewer.mayTakeOver) {
    refuse(conflict('TASK_ASSIGNED', `This call is assigned to ${task.assigneeName ?? 'someone else'}`));
  }
}

function change(task: LockedTask): TaskChange {
  return { taskId: task.id, runId: task.runId, workflowId: task.workflowId };
}

/** Take an open call: it becomes the viewer's (a person's; an API token has no queue). */
export async function claimTask(db: Db, viewer: TaskViewer, id: string): Promise<Outcome<TaskChange>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockTask(client, viewer, id);
    assertWorkable(task, viewer);
    if (viewer.userId === null) refuse(conflict('NOT_A_PERSON', 'Calls are claimed by people: an API token has no queue of its own'));
    if (task.assigneeId !== viewer.userId) {
      await client.query('UPDATE tasks SET assignee = $2 WHERE id = $1', [task.id, viewer.userId]);
      await writeAudit(client, viewer.actor, { action: 'task.claim', entity: 'task', entityId: task.id, diff: { assignee: [task.assigneeId, viewer.userId] } });
    }
    return change(task);
  });
}

export interface Completion {
  outcome: string;
  answers: Record<string, Answer>;
  comment?: string;
}

/**
 * Close a call with its outcome: the outcome must be the node's, the answers must fit the
 * questionnaire (required ones when the call reached the contact), and answers the questionnaire
 * sends to contact attributes are written to the contact in the same transaction, checked
 * against the attributes' declared types. An unassigned call becomes the closer's.
 */
export async function completeTask(db: Db, viewer: TaskViewer, id: string, completion: Completion): Promise<Outcome<TaskChange>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockTask(client, viewer, id);
    assertWorkable(task, viewer);
    const config = await nodeConfig(client, task);
    const problems = answerProblems(config, completion.outcome, completion.answers);
    if (problems.length > 0) refuse(invalid(problems));
    await writeAnswersToContact(client, config, task.contactId, completion.answers);
    await close(client, viewer, task, { outcome: completion.outcome, answers: completion.answers, comment: completion.comment ?? null });
    await writeAudit(client, viewer.actor, {
      action: 'task.complete',
      entity: 'task',
      entityId: task.id,
      diff: { outcome: completion.outcome, answers: completion.answers, ...(completion.comment ? { comment: completion.comment } : {}) },
    });
    return change(task);
  });
}

/** "Objective met": the call closes with its own outcome and the member leaves by `objective_met`. */
export async function markObjectiveMet(db: Db, viewer: TaskViewer, id: string, comment: string): Promise<Outcome<TaskChange>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockTask(client, viewer, id);
    assertWorkable(task, viewer);
    await close(client, viewer, task, { outcome: OBJECTIVE_MET, answers: {}, comment });
    await writeAudit(client, viewer.actor, { action: 'task.objective-met', entity: 'task', entityId: task.id, diff: { comment } });
    return change(task);
  });
}

async function close(client: DbClient, viewer: TaskViewer, task: LockedTask, result: { outcome: string; answers: Record<string, Answer>; comment: string | null }): Promise<void> {
  await client.query(
    `UPDATE tasks SET status = 'closed', outcome = $2, answers = $3::jsonb, notes = $4, closed_at = now(), closed_by = $5,
       assignee = coalesce(assignee, $5)
     WHERE id = $1`,
    [task.id, result.outcome, JSON.stringify(result.answers), result.comment, viewer.userId],
  );
  // A call made costs what a call costs that day, booked with the close: both commit or neither.
  await bookCallCosts(client, [task.id]);
}

async function nodeConfig(client: DbClient, task: LockedTask): Promise<CallbackConfig> {
  const config = await callbackConfigOf(client, task.runId, task.nodeId);
  // The run's flow version is fixed and was checked before it ran: a missing node is a broken database.
  if (!config) throw new Error(`Task ${task.id}: the run's flow has no call-back node "${task.nodeId}"`);
  return config;
}

/**
 * Answers the questionnaire sends to contact attributes, merged into the contact's attributes;
 * an answer a declared attribute cannot hold (a number for a date attribute) is refused, named
 * by its question.
 */
async function writeAnswersToContact(client: DbClient, config: CallbackConfig, contactId: string, answers: Record<string, Answer>): Promise<void> {
  const writes = attributeAnswers(config, answers);
  if (writes.length === 0) return;
  const rules = await loadAttributeRules(client);
  const problems: AnswerProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const write of writes) {
    const rule = rules.get(write.attribute);
    const checked = rule ? checkAttributeValue(rule, write.value) : { value: write.value };
    if ('error' in checked) problems.push({ field: `answers.${write.question.key}`, message: `cannot go to the attribute ${write.attribute}: it ${checked.error}` });
    else values[write.attribute] = checked.value;
  }
  if (problems.length > 0) refuse(invalid(problems));
  await client.query('UPDATE contacts SET attributes = attributes || $2::jsonb, updated_at = now() WHERE id = $1', [contactId, JSON.stringify(values)]);
}

export type ReschedulePreset = (typeof RESCHEDULE_PRESETS)[number];

const PRESET_INTERVALS: Record<ReschedulePreset, string> = { '+2h': '2 hours', '+1d': '1 day', '+1w': '7 days', '+1m': '1 month' };

/**
 * Move an open call's due date (and so its place in the queue): a preset counted from now, or a
 * date. It must be in the future, no later than the step's deadline, when the call would be
 * cancelled before it fell due, and within the campaign's last valid day.
 */
export async function rescheduleTask(db: Db, viewer: TaskViewer, id: string, when: { preset: ReschedulePreset } | { at: string }): Promise<Outcome<TaskChange & { dueAt: Date }>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockTask(client, viewer, id);
    assertWorkable(task, viewer);
    const field = 'preset' in when ? 'preset' : 'at';
    const { rows } = await client.query<{ dueAt: Date; future: boolean }>(
      `SELECT d AS "dueAt", d > now() AS future FROM (SELECT CASE WHEN $1::interval IS NULL THEN $2::timestamptz ELSE now() + $1::interval END AS d) x`,
      ['preset' in when ? PRESET_INTERVALS[when.preset] : null, 'at' in when ? when.at : null],
    );
    const { dueAt, future } = rows[0]!;
    if (!future) refuse(invalid([{ field, message: 'must be in the future' }]));
    if (task.deadlineAt !== null && dueAt > task.deadlineAt) {
      refuse(invalid([{ field, message: `falls after this step's deadline (${task.deadlineAt.toISOString()}), when the call is cancelled` }], 'AFTER_DEADLINE'));
    }
    if (task.validUntil !== null && dueAt >= task.validUntil) {
      refuse(invalid([{ field, message: `falls after the campaign's last valid day (it ends ${task.validUntil.toISOString()})` }], 'AFTER_VALIDITY'));
    }
    await client.query('UPDATE tasks SET due_at = $2 WHERE id = $1', [task.id, dueAt]);
    await writeAudit(client, viewer.actor, { action: 'task.reschedule', entity: 'task', entityId: task.id, diff: { dueAt: [task.dueAt, dueAt] } });
    return { ...change(task), dueAt };
  });
}

export type TaskEventInput = Static<typeof ContactEventInputSchema>;

/**
 * Log an event on the call's contact (what was said, a visit agreed), linked to the call, its
 * run and campaign, and signed by the caller, so the contact's timeline says where it came from.
 */
export async function logTaskEvent(db: Db, viewer: TaskViewer, id: string, input: TaskEventInput): Promise<Outcome<ContactEvent>> {
  return refusableTransaction(db, async (client) => {
    const task = await lockTask(client, viewer, id);
    const { rows } = await client.query<ContactEvent>(
      `INSERT INTO contact_events (contact_id, kind, title, body, campaign_id, run_id, task_id, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id::text AS id, kind, title, body, occurred_at AS "occurredAt"`,
      [task.contactId, input.kind, input.title, input.body ?? null, task.campaignId, task.runId, task.id, viewer.actor.label],
    );
    const event = rows[0]!;
    await writeAudit(client, viewer.actor, { action: 'task.event', entity: 'task', entityId: task.id, diff: { eventId: event.id, kind: input.kind, title: input.title } });
    return event;
  });
}
