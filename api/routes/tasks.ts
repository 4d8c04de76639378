import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { getContact, isIanaTimeZone } from '../../db/contacts';
import { listSalesOrders } from '../../db/sales-orders';
import { callScript } from '../../db/callback-tasks';
import { callbackConfigOf, earlierAttempts, getTask, listQueue, purchaseTotals, queueTotals, taskSummary, type QueueKey, type TaskViewer } from '../../db/tasks';
import { claimTask, completeTask, logTaskEvent, markObjectiveMet, rescheduleTask, type TaskChange } from '../../db/task-work';
import type { Outcome } from '../../db/write-refusal';
import { tasksChangedSignal } from '../../workflows/definitions';
import { IdParamsSchema } from '../../contracts/common';
import { ContactEventInputSchema, ContactEventSchema } from '../../contracts/contact-event';
import { TaskSummaryQuerySchema, TaskSummarySchema } from '../../contracts/task-summary';
import { CompleteTaskSchema, ObjectiveMetSchema, RescheduleTaskSchema, TaskDetailSchema, TaskQueuePageSchema, TaskQueueQuerySchema, TaskSchema } from '../../contracts/task';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { withTemporalDeadline } from '../plugins/temporal';
import { actorOf, type Principal } from '../principal';
import { notFound, problem, problemResponses, ProblemError } from '../problem';
import { unwrap } from '../refusal-problem';
import { RunWaker } from '../run-waker';
import type { FastifyRequest } from 'fastify';

const SIGNAL_DEADLINE_MS = 5_000;
const RECENT_ORDERS = 5;

function viewerOf(principal: Principal): TaskViewer {
  return {
    userId: principal.kind === 'user' ? principal.id : null,
    teamId: principal.teamId,
    scope: principal.scope,
    mayTakeOver: principal.role === 'admin',
    actor: actorOf(principal),
  };
}

/** Queue cursors are opaque: base64url of the last call's due date (microseconds) and campaign order. */
function encodeQueueCursor(key: QueueKey): string {
  return Buffer.from(`${key.dueAt}|${key.queueOrder}`).toString('base64url');
}

const QUEUE_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|(\d{1,19})$/;

function decodeQueueCursor(cursor: string): QueueKey {
  const match = QUEUE_CURSOR.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new ProblemError(problem(400, 'VALIDATION_FAILED', 'The query string is not valid (after: not a cursor)', [{ field: 'after', message: 'is not a cursor returned by this API' }]));
  return { dueAt: match[1]!, queueOrder: match[2]! };
}

function timeZoneOf(zone: string | undefined): string {
  if (zone === undefined) return 'UTC';
  if (!isIanaTimeZone(zone)) throw new ProblemError(problem(400, 'VALIDATION_FAILED', 'The query string is not valid (timeZone)', [{ field: 'timeZone', message: 'is not an IANA time zone, e.g. Europe/Bucharest' }]));
  return zone;
}

/**
 * The agent's tasks: their queue of call-backs (theirs, and the unassigned ones of their store or
 * team), one call with everything needed to make it, and what an agent does with it — claim,
 * close with an outcome and the questionnaire's answers, reschedule, "objective met", log an
 * event on the contact. Every read and write is limited in its SQL to what the caller may see
 * (another store's call is 404) and every write is audited in its transaction. Closing a call
 * wakes its run (`tasksChanged`, at most one per run every 2 s), which moves the member on; the
 * close is stored first, so a lost wake-up only delays the move to the next one or the deadline.
 */
export const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const waker = new RunWaker(async (workflowId) => {
    const { client } = app.temporal;
    await withTemporalDeadline(client, SIGNAL_DEADLINE_MS, () => client.workflow.getHandle(workflowId).signal(tasksChangedSignal)).catch((error: unknown) => {
      app.log.warn({ err: error, workflowId }, 'could not wake the run after a call closed');
    });
  });
  app.addHook('onClose', () => waker.close());

  /** The call as it reads after a change (it is still visible: the change needed it to be). */
  async function changed(request: FastifyRequest, outcome: Outcome<TaskChange>, wake: boolean) {
    const done = unwrap(outcome);
    if (wake) waker.wake(done.workflowId);
    return (await getTask(app.db, viewerOf(principalOf(request)), done.taskId))!;
  }

  app.get(
    '',
    {
      config: needs('tasks:own'),
      schema: {
        tags: ['tasks'],
        summary: 'My queue: my calls and the unassigned ones of my store or team, by due date then campaign order, with totals',
        querystring: TaskQueueQuerySchema,
        response: { 200: TaskQueuePageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const viewer = viewerOf(principalOf(request));
      const { query } = request;
      const timeZone = timeZoneOf(query.timeZone);
      const filters = { campaignId: query.campaignId, runId: query.runId, timeZone };
      const [page, totals] = await Promise.all([
        listQueue(app.db, viewer, { ...filters, status: query.status ?? 'open', due: query.due, limit: query.limit, after: query.after === undefined ? undefined : decodeQueueCursor(query.after) }),
        queueTotals(app.db, viewer, filters),
      ]);
      return { items: page.items, nextCursor: page.next ? encodeQueueCursor(page.next) : null, totals };
    },
  );

  app.get(
    '/summary',
    {
      // The owner's view is a run's progress seen by who works its calls: whoever may follow runs
      // (designers, admins, budget owners) may read it; agents have their own queue's totals.
      config: needs('runs:read'),
      schema: {
        tags: ['tasks'],
        summary: "The owner's view: calls open, overdue, done and cancelled per campaign and per agent, and closed calls by outcome (one campaign or run, or all)",
        querystring: TaskSummaryQuerySchema,
        response: { 200: TaskSummarySchema, ...problemResponses(400) },
      },
    },
    async (request) => taskSummary(app.db, principalOf(request).scope, request.query),
  );

  app.get(
    '/:id',
    {
      config: needs('tasks:own'),
      schema: {
        tags: ['tasks'],
        summary: "One call: the contact's means of contact, ABC class and purchases, the script, the questionnaire and the outcomes",
        params: IdParamsSchema,
        response: { 200: TaskDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const task = await getTask(app.db, viewerOf(principalOf(request)), request.params.id);
      if (!task) throw notFound('Task', request.params.id);
      const [contact, config, orders, totals, earlier] = await Promise.all([
        getContact(app.db, task.contactId),
        callbackConfigOf(app.db, task.runId, task.nodeId),
        listSalesOrders(app.db, { contactId: task.contactId, limit: RECENT_ORDERS, offset: 0 }),
        purchaseTotals(app.db, task.contactId),
        earlierAttempts(app.db, task),
      ]);
      if (!contact || !config) throw notFound('Task', request.params.id);
      const script = await callScript(app.db, task.runId, config.script);
      return {
        task,
        contact,
        purchases: { recent: orders.items, ...totals },
        script,
        questions: config.questions,
        outcomes: config.outcomes,
        maxAttempts: config.maxAttempts,
        earlierAttempts: earlier,
      };
    },
  );

  const act = { config: needs('tasks:own'), schema: { tags: ['tasks'], params: IdParamsSchema } } as const;

  app.post(
    '/:id/claim',
    { ...act, schema: { ...act.schema, summary: 'Take an open call: it becomes mine', response: { 200: TaskSchema, ...problemResponses(404, 409) } } },
    async (request) => changed(request, await claimTask(app.db, viewerOf(principalOf(request)), request.params.id), false),
  );

  app.post(
    '/:id/complete',
    {
      ...act,
      schema: {
        ...act.schema,
        summary: "Close a call with an outcome of its step, the questionnaire's answers and a comment; the contact moves on by the outcome",
        body: CompleteTaskSchema,
        response: { 200: TaskSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { outcome, answers, comment } = request.body;
      return changed(request, await completeTask(app.db, viewerOf(principalOf(request)), request.params.id, { outcome, answers: answers ?? {}, comment }), true);
    },
  );

  app.post(
    '/:id/objective-met',
    {
      ...act,
      schema: {
        ...act.schema,
        summary: 'Close a call as "objective met", with a comment: the contact leaves the list by the step’s objective_met output',
        body: ObjectiveMetSchema,
        response: { 200: TaskSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => changed(request, await markObjectiveMet(app.db, viewerOf(principalOf(request)), request.params.id, request.body.comment), true),
  );

  app.post(
    '/:id/reschedule',
    {
      ...act,
      schema: {
        ...act.schema,
        summary: 'Call again later: +2h, +1d, +1w, +1m from now, or at a date; the call moves in the queue',
        body: RescheduleTaskSchema,
        response: { 200: TaskSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => changed(request, await rescheduleTask(app.db, viewerOf(principalOf(request)), request.params.id, request.body), false),
  );

  app.post(
    '/:id/events',
    {
      ...act,
      schema: {
        ...act.schema,
        summary: "Log an event on the call's contact (linked to the call and its campaign)",
        body: ContactEventInputSchema,
        response: { 201: ContactEventSchema, ...problemResponses(404, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(unwrap(await logTaskEvent(app.db, viewerOf(principalOf(request)), request.params.id, request.body))),
  );
};
