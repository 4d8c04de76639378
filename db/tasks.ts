import type { Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { TaskSchema, TaskTotalsSchema, TASK_DUE_FILTERS } from '../contracts/task';
import type { TaskCountsSchema, TaskSummarySchema } from '../contracts/task-summary';
import { CallbackConfigSchema, type CallbackConfig } from '../flow/nodes/callback';
import type { FlowGraph } from '../flow/graph';
import type { Actor } from './audit';
import type { Queryable } from './pool';
import { scopeCondition, scopeWhere, type Scope } from './scope';

export type Task = Static<typeof TaskSchema>;
export type TaskTotals = Static<typeof TaskTotalsSchema>;

/**
 * Who is asking, as the task queries need it. A person sees the calls assigned to them and, in
 * their scope (db/scope.ts), the unassigned ones of their store (of their team, for a team's
 * call); nothing else exists for them (404, not 403). An admin sees every call and may act on
 * one assigned to someone else.
 */
export interface TaskViewer {
  /** The person's user id; null for an API token, which has no calls of its own. */
  userId: string | null;
  teamId: string | null;
  scope: Scope;
  /** May claim or close a call assigned to someone else (admins). */
  mayTakeOver: boolean;
  actor: Actor;
}

export const TASK_COLUMNS = `t.id, t.status, t.outcome, t.run_id AS "runId", r.campaign_id AS "campaignId", cp.name AS "campaignName",
  t.node_id AS "nodeId", t.contact_id AS "contactId", concat_ws(' ', ct.first_name, ct.last_name) AS "contactName",
  ct.email, ct.phone, ct.abc_class AS "abcClass", t.assignee AS "assigneeId", au.name AS "assigneeName", t.team AS "teamId",
  t.store AS "storeId", t.due_at AS "dueAt", t.deadline_at AS "deadlineAt", t.attempts AS attempt, t.answers, t.notes AS comment,
  t.created_at AS "createdAt", t.closed_at AS "closedAt"`;

/** What TASK_COLUMNS reads besides the task `t` itself. */
const TASK_JOINS = `JOIN campaign_runs r ON r.id = t.run_id JOIN campaigns cp ON cp.id = r.campaign_id
  JOIN contacts ct ON ct.id = t.contact_id LEFT JOIN users au ON au.id = t.assignee`;

/**
 * The condition for a call the viewer may see at all: in their scope, or assigned to them by
 * name. Its parameters are appended to `params`.
 */
export function visibleTaskSql(viewer: TaskViewer, params: unknown[]): string {
  const scope = scopeCondition(viewer.scope, 't.store', params.length + 1);
  params.push(...scope.params, viewer.userId);
  return `t.type = 'callback' AND (${scope.sql} OR t.assignee = $${params.length}::uuid)`;
}

/** One call the viewer may see, or undefined (another store's call does not exist for them). */
export async function getTask(db: Queryable, viewer: TaskViewer, id: string): Promise<Task | undefined> {
  const params: unknown[] = [id];
  const { rows } = await db.query<Task>(`SELECT ${TASK_COLUMNS} FROM tasks t ${TASK_JOINS} WHERE t.id = $1 AND ${visibleTaskSql(viewer, params)}`, params);
  return rows[0];
}

/** Position in the queue's (due_at, queue_order) order; dueAt at full microsecond precision. */
export interface QueueKey {
  dueAt: string;
  queueOrder: string;
}

export interface QueueQuery {
  status: 'open' | 'closed';
  campaignId?: string;
  runId?: string;
  due?: (typeof TASK_DUE_FILTERS)[number];
  /** IANA zone whose day "today" is (checked by the caller). */
  timeZone: string;
  limit: number;
  after?: QueueKey;
}

/**
 * The two disjoint halves of a viewer's queue, each readable in queue order from its own index:
 * calls assigned to them, and unassigned calls in their scope (a team's only to its members).
 * `filters` applies to both; parameters are appended to `params`.
 */
function queueHalves(viewer: TaskViewer, filters: string, params: unknown[]): [string, string] {
  params.push(viewer.userId);
  const mine = `t.type = 'callback' AND t.assignee = $${params.length}::uuid AND ${filters}`;
  const scope = scopeCondition(viewer.scope, 't.store', params.length + 1);
  params.push(...scope.params, viewer.mayTakeOver, viewer.teamId);
  const team = `($${params.length - 1}::boolean OR t.team IS NULL OR t.team = $${params.length}::uuid)`;
  const unassigned = `t.type = 'callback' AND t.assignee IS NULL AND ${scope.sql} AND ${team} AND ${filters}`;
  return [mine, unassigned];
}

/** The campaign and run filters, which the totals share with the page. */
function campaignFilters(query: Pick<QueueQuery, 'campaignId' | 'runId'>, params: unknown[]): string {
  params.push(query.campaignId ?? null, query.runId ?? null);
  const campaign = params.length - 1;
  return `($${campaign}::uuid IS NULL OR t.run_id IN (SELECT id FROM campaign_runs WHERE campaign_id = $${campaign}::uuid))
    AND ($${campaign + 1}::uuid IS NULL OR t.run_id = $${campaign + 1}::uuid)`;
}

/** The start and end of "today" in `$zone`, as timestamptz expressions. */
function todaySql(zoneParam: string): { start: string; end: string } {
  const start = `(date_trunc('day', now() AT TIME ZONE ${zoneParam}) AT TIME ZONE ${zoneParam})`;
  return { start, end: `(${start} + interval '1 day')` };
}

/**
 * A page of the viewer's queue, by due date and then the order the campaign made its calls
 * (keyset: each half reads at most a page from its index, whatever the queue's length).
 */
export async function listQueue(db: Queryable, viewer: TaskViewer, query: QueueQuery): Promise<{ items: Task[]; next: QueueKey | null }> {
  const params: unknown[] = [query.limit + 1, query.status];
  const where = ['t.status = $2', campaignFilters(query, params)];
  if (query.due === 'overdue') where.push('t.due_at < now()');
  if (query.due === 'today') {
    params.push(query.timeZone);
    const today = todaySql(`$${params.length}::text`);
    where.push(`t.due_at >= ${today.start} AND t.due_at < ${today.end}`);
  }
  if (query.after) {
    params.push(query.after.dueAt, query.after.queueOrder);
    where.push(`(t.due_at, t.queue_order) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  const filters = where.join(' AND ');
  const [mine, unassigned] = queueHalves(viewer, filters, params);
  const half = (where: string) => `(SELECT t.id, t.due_at, t.queue_order FROM tasks t WHERE ${where} ORDER BY t.due_at, t.queue_order LIMIT $1)`;
  const { rows } = await db.query<Task & { dueKey: string; queueOrder: string }>(
    `SELECT ${TASK_COLUMNS}, to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "dueKey", t.queue_order::text AS "queueOrder"
     FROM (${half(mine)} UNION ALL ${half(unassigned)}) q
     JOIN tasks t ON t.id = q.id ${TASK_JOINS}
     ORDER BY q.due_at, q.queue_order LIMIT $1`,
    params,
  );
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(({ dueKey: _dueKey, queueOrder: _queueOrder, ...task }) => task),
    next: more && last ? { dueAt: last.dueKey, queueOrder: last.queueOrder } : null,
  };
}

/** Counts over the viewer's open calls (campaign and run filters apply): what the console's header shows. */
export async function queueTotals(db: Queryable, viewer: TaskViewer, query: Pick<QueueQuery, 'campaignId' | 'runId' | 'timeZone'>): Promise<TaskTotals> {
  const params: unknown[] = [query.timeZone];
  const today = todaySql('$1::text');
  const [mine, unassigned] = queueHalves(viewer, `t.status = 'open' AND ${campaignFilters(query, params)}`, params);
  const { rows } = await db.query<TaskTotals>(
    `SELECT count(*)::int AS open,
            count(*) FILTER (WHERE q.due_at >= ${today.start} AND q.due_at < ${today.end})::int AS "dueToday",
            count(*) FILTER (WHERE q.due_at < now())::int AS overdue,
            count(*) FILTER (WHERE ct.email IS NOT NULL)::int AS "withEmail",
            count(*) FILTER (WHERE ct.email IS NULL)::int AS "withoutEmail"
     FROM (SELECT t.contact_id, t.due_at FROM tasks t WHERE ${mine} UNION ALL SELECT t.contact_id, t.due_at FROM tasks t WHERE ${unassigned}) q
     JOIN contacts ct ON ct.id = q.contact_id`,
    params,
  );
  return rows[0]!;
}

/**
 * The config of the callback node a run's task belongs to, as the run's flow version has it
 * (the run keeps the version it started with). Undefined if the node is gone or not a callback.
 */
export async function callbackConfigOf(db: Queryable, runId: string, nodeId: string): Promise<CallbackConfig | undefined> {
  const { rows } = await db.query<{ graph: FlowGraph }>(
    `SELECT fv.graph FROM campaign_runs r JOIN flow_versions fv ON fv.flow_id = r.flow_id AND fv.version = r.flow_version WHERE r.id = $1`,
    [runId],
  );
  const node = rows[0]?.graph.nodes.find((candidate) => candidate.id === nodeId);
  return node?.type === 'callback' && Value.Check(CallbackConfigSchema, node.config) ? node.config : undefined;
}

/** The contact's earlier calls at the same step of the same run, first call first. */
export async function earlierAttempts(db: Queryable, task: Pick<Task, 'id' | 'runId' | 'nodeId' | 'contactId'>) {
  const { rows } = await db.query<{ attempt: number; outcome: string | null; comment: string | null; closedAt: Date | null }>(
    `SELECT attempts AS attempt, outcome, notes AS comment, closed_at AS "closedAt" FROM tasks
     WHERE contact_id = $1 AND run_id = $2 AND node_id = $3 AND id <> $4 AND type = 'callback'
     ORDER BY created_at, queue_order`,
    [task.contactId, task.runId, task.nodeId, task.id],
  );
  return rows;
}

/** How much a contact has bought: orders, sums per currency, the last order's day. */
export async function purchaseTotals(db: Queryable, contactId: string) {
  const { rows } = await db.query<{ currency: string; orders: number; amount: string; last: string | null }>(
    `SELECT currency, count(*)::int AS orders, sum(total_amount)::numeric(14, 2)::text AS amount, to_char(max(ordered_at), 'YYYY-MM-DD') AS last
     FROM sales_orders WHERE contact_id = $1 GROUP BY currency ORDER BY currency`,
    [contactId],
  );
  return {
    orders: rows.reduce((sum, row) => sum + row.orders, 0),
    totals: rows.map((row) => ({ currency: row.currency, amount: row.amount })),
    lastOrderedAt: rows.reduce<string | null>((last, row) => (row.last !== null && (last === null || row.last > last) ? row.last : last), null),
  };
}

export type TaskSummary = Static<typeof TaskSummarySchema>;
type TaskCounts = Static<typeof TaskCountsSchema>;

/** One group of the summary's count: a campaign's calls of one agent, status and outcome. */
interface SummaryGroup {
  campaignId: string;
  campaignName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  status: 'open' | 'closed' | 'cancelled';
  outcome: string | null;
  count: number;
  overdue: number;
}

const noCounts = (): TaskCounts => ({ open: 0, overdue: 0, done: 0, cancelled: 0 });

function addGroup(counts: TaskCounts, group: SummaryGroup): void {
  if (group.status === 'open') counts.open += group.count;
  else if (group.status === 'closed') counts.done += group.count;
  else counts.cancelled += group.count;
  counts.overdue += group.overdue;
}

/**
 * The owner's view of the calls in `scope` (of one campaign or run when given): counted in SQL
 * by campaign, agent, status and outcome — a few rows however many calls — then laid out as
 * totals, per campaign, per agent (with their outcomes) and per outcome. A call's agent is its
 * assignee; closing an unassigned call makes it the closer's, so only open or cancelled calls
 * are unassigned.
 */
export async function taskSummary(db: Queryable, scope: Scope, filter: { campaignId?: string; runId?: string }): Promise<TaskSummary> {
  const params: unknown[] = [filter.campaignId ?? null, filter.runId ?? null];
  const { rows } = await db.query<SummaryGroup>(
    `SELECT r.campaign_id AS "campaignId", cp.name AS "campaignName", t.assignee AS "assigneeId", au.name AS "assigneeName",
            t.status, t.outcome, count(*)::int AS count, count(*) FILTER (WHERE t.status = 'open' AND t.due_at < now())::int AS overdue
     FROM tasks t JOIN campaign_runs r ON r.id = t.run_id JOIN campaigns cp ON cp.id = r.campaign_id LEFT JOIN users au ON au.id = t.assignee
     WHERE t.type = 'callback' AND ($1::uuid IS NULL OR r.campaign_id = $1::uuid) AND ($2::uuid IS NULL OR t.run_id = $2::uuid)
       AND ${scopeWhere(scope, 't.store', params)}
     GROUP BY r.campaign_id, cp.name, t.assignee, au.name, t.status, t.outcome`,
    params,
  );
  const totals = noCounts();
  const campaigns = new Map<string, TaskSummary['byCampaign'][number]>();
  const agents = new Map<string | null, TaskSummary['byAgent'][number]>();
  const outcomes = new Map<string, number>();
  for (const group of rows) {
    addGroup(totals, group);
    const campaign = campaigns.get(group.campaignId) ?? { campaignId: group.campaignId, campaignName: group.campaignName, ...noCounts() };
    addGroup(campaign, group);
    campaigns.set(group.campaignId, campaign);
    const agent = agents.get(group.assigneeId) ?? { assigneeId: group.assigneeId, assigneeName: group.assigneeName, ...noCounts(), outcomes: {} };
    addGroup(agent, group);
    agents.set(group.assigneeId, agent);
    if (group.status !== 'open' && group.outcome !== null) {
      agent.outcomes[group.outcome] = (agent.outcomes[group.outcome] ?? 0) + group.count;
      outcomes.set(group.outcome, (outcomes.get(group.outcome) ?? 0) + group.count);
    }
  }
  const byName = (a: string | null, b: string | null) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b));
  return {
    totals,
    byCampaign: [...campaigns.values()].sort((a, b) => a.campaignName.localeCompare(b.campaignName)),
    byAgent: [...agents.values()].sort((a, b) => byName(a.assigneeName, b.assigneeName)),
    byOutcome: [...outcomes].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome)),
  };
}
