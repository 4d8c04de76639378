import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createActivities, type RunNodeInput } from '../../activities';
import { createSmtpMailer } from '../../channels/smtp';
import type { Db } from '../../db/pool';
import { runProgress } from '../../db/runs';
import type { FlowNode } from '../../flow/graph';
import { callbackNode, type CallbackConfig } from '../../flow/nodes/callback';
import { nodeOutputs } from '../../flow/registry';
import { graphOf, seedContacts, startCampaignRun, taggedAudience, taggedContacts, type StartedRun } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';
import { browserHeaders, createSignedInUser, type TestCredentials } from '../support/sign-in';


interface QueueTask {
  id: string;
  status: string;
  outcome: string | null;
  runId: string;
  contactId: string;
  assigneeId: string | null;
  dueAt: string;
  deadlineAt: string | null;
  attempt: number;
}
interface Queue {
  items: QueueTask[];
  nextCursor: string | null;
  totals: { open: number; dueToday: number; overdue: number; withEmail: number; withoutEmail: number };
}

/** An agent's calls to the API, signed in by their session cookie as the browser is. */
function agent(app: FastifyInstance, credentials: TestCredentials) {
  const headers = browserHeaders(credentials);
  return {
    userId: credentials.userId,
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: object) => app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) }),
    async queue(query = ''): Promise<Queue> {
      const response = await app.inject({ method: 'GET', url: `/api/tasks${query}`, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Queue>();
    },
  };
}

const QUESTIONS: CallbackConfig['questions'] = [
  { key: 'size', label: 'Which size do you wear?', type: 'choice', required: true, options: ['S', 'M', 'L'], attribute: 'shirt_size' },
  { key: 'calls_ok', label: 'May we call again?', type: 'yes-no', required: false, attribute: 'likes_calls' },
];

/** audience → callback → (interested) won / (not interested) lost / (no answer) wait 1 s → callback again. */
function callbackFlow(prefix: string, callback: Partial<CallbackConfig>) {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: taggedAudience(prefix) },
      { id: 'call', type: 'callback', config: { ...callbackNode.defaultConfig, script: 'Hello {{name}}, about our sweater pre-sale…', questions: QUESTIONS, maxAttempts: 2, maxVisits: 2, ...callback } },
      { id: 'later', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
      { id: 'won', type: 'end', config: { finalStatus: 'interested' } },
      { id: 'lost', type: 'end', config: { finalStatus: 'not interested' } },
    ],
    ['audience:out->call', 'call:interested->won', 'call:not_interested->lost', 'call:no_answer->later', 'later:out->call'],
  );
}

async function createStore(db: Db, code: string): Promise<string> {
  return (await db.query<{ id: string }>('INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id', [code, `Store ${code}`])).rows[0]!.id;
}

/** The contacts tagged `prefix`, by first name (F0, F1, ...). */
async function contactsByName(db: Db, prefix: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; first_name: string }>(`SELECT id, first_name FROM contacts WHERE attributes->>'cohort' = $1`, [prefix]);
  return new Map(rows.map((row) => [row.first_name, row.id]));
}

async function placeContacts(db: Db, ids: (string | undefined)[], fields: { storeId?: string; ownerId?: string }): Promise<void> {
  await db.query('UPDATE contacts SET store_id = coalesce($2, store_id), owner_id = coalesce($3, owner_id) WHERE id = ANY($1::uuid[])', [ids, fields.storeId ?? null, fields.ownerId ?? null]);
}

async function tasksOfRun(db: Db, runId: string) {
  const { rows } = await db.query<{ id: string; contactId: string; status: string; outcome: string | null; attempt: number; assignee: string | null; arrivalId: string }>(
    `SELECT id, contact_id AS "contactId", status, outcome, attempts AS attempt, assignee, arrival_id AS "arrivalId" FROM tasks WHERE run_id = $1 ORDER BY created_at, queue_order`,
    [runId],
  );
  return rows;
}

async function cancelRun(env: CampaignEnv, run: StartedRun): Promise<void> {
  const handle = env.temporal.client.workflow.getHandle(run.workflowId);
  await handle.cancel();
  await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
}

describe('the callback node and the agents’ tasks', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await startCampaignEnv();
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue });
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  it('agents of two stores work their own calls; members move on as their calls close, loop on no answer, and time out', async () => {
    const { db } = env.database;
    const [north, south] = [await createStore(db, 'NORTH'), await createStore(db, 'SOUTH')];
    const ana = agent(app, await createSignedInUser(db, 'agent', { storeId: north }));
    const nora = agent(app, await createSignedInUser(db, 'agent', { storeId: north }));
    const bob = agent(app, await createSignedInUser(db, 'agent', { storeId: south }));
    await seedContacts(db, taggedContacts(5, 'cb').map((contact, i) => (i === 1 ? { ...contact, email: null } : contact)));
    const contacts = await contactsByName(db, 'cb');
    await placeContacts(db, ['F0', 'F1', 'F2'].map((name) => contacts.get(name)), { storeId: north });
    await placeContacts(db, ['F3', 'F4'].map((name) => contacts.get(name)), { storeId: south });
    await db.query(`INSERT INTO attribute_definitions (key, label, type, options) VALUES ('shirt_size', 'Shirt size', 'list', '["S", "M", "L"]')`);
    await db.query(`INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) VALUES ('CB-1', $1, '2026-03-01', 120.50), ('CB-2', $1, '2026-05-01', 80)`, [contacts.get('F0')]);

    const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, callbackFlow('cb', { dueInHours: 30 / 3600, deadlineHours: 45 / 3600 }));
    const handle = env.temporal.client.workflow.getHandle(run.workflowId);
    const mine = `?runId=${run.runId}`;

    // Each store's agents see their store's calls, and their totals count only those.
    const north3 = await eventually(async () => ((await ana.queue(mine)).items.length === 3 ? ana.queue(mine) : undefined), 20_000, 'north calls');
    const dueToday = north3.items.filter((task) => task.dueAt.slice(0, 10) === new Date().toISOString().slice(0, 10)).length;
    expect(north3.totals).toEqual({ open: 3, dueToday, overdue: 0, withEmail: 2, withoutEmail: 1 });
    expect(new Set(north3.items.map((task) => task.contactId))).toEqual(new Set(['F0', 'F1', 'F2'].map((name) => contacts.get(name))));
    const south2 = await bob.queue(mine);
    expect(south2.items.map((task) => task.contactId).sort()).toEqual([contacts.get('F3'), contacts.get('F4')].sort());
    expect(south2.totals.open).toBe(2);
    expect(north3.items.every((task) => task.attempt === 1 && task.assigneeId === null)).toBe(true);
    expect((await ana.queue(`${mine}&due=overdue`)).items).toEqual([]);

    // Another store's call does not exist for Bob: not to read, not to close.
    const [first, second, third] = north3.items as [QueueTask, QueueTask, QueueTask];
    expect((await bob.get(`/api/tasks/${first.id}`)).statusCode).toBe(404);
    expect((await bob.post(`/api/tasks/${first.id}/complete`, { outcome: 'interested', answers: { size: 'M' } })).statusCode).toBe(404);

    // Rescheduled, the first call moves to the end of the queue; never past the step's deadline.
    expect((await ana.post(`/api/tasks/${first.id}/reschedule`, { preset: '+2h' })).json()).toMatchObject({ status: 422, code: 'AFTER_DEADLINE' });
    const later = new Date(Date.parse(first.deadlineAt!) - 2_000).toISOString();
    const rescheduled = await ana.post(`/api/tasks/${first.id}/reschedule`, { at: later });
    expect(rescheduled.statusCode, rescheduled.body).toBe(200);
    expect(Date.parse(rescheduled.json<QueueTask>().dueAt)).toBe(Date.parse(later));
    expect((await ana.queue(mine)).items.map((task) => task.id)).toEqual([second.id, third.id, first.id]);

    // Ana claims the second call: it leaves Nora's queue, and Nora cannot close it.
    expect((await ana.post(`/api/tasks/${second.id}/claim`)).json()).toMatchObject({ assigneeId: ana.userId });
    expect((await nora.queue(mine)).items.map((task) => task.id)).toEqual([third.id, first.id]);
    expect((await nora.queue(mine)).totals.open).toBe(2);
    expect((await nora.post(`/api/tasks/${second.id}/complete`, { outcome: 'not_interested', answers: { size: 'S' } })).json()).toMatchObject({ status: 409, code: 'TASK_ASSIGNED' });

    // The call's sheet: the contact, purchases, script and questionnaire.
    const interestedContact = second.contactId;
    const sheet = (await ana.get(`/api/tasks/${second.id}`)).json<{ contact: { id: string; email: string | null }; purchases: { orders: number; recent: unknown[] }; script: string; questions: unknown[]; outcomes: { key: string }[] }>();
    expect(sheet.contact.id).toBe(interestedContact);
    expect(sheet.script).toBe('Hello {{name}}, about our sweater pre-sale…');
    expect(sheet.questions).toEqual(QUESTIONS);
    expect(sheet.outcomes.map((outcome) => outcome.key)).toEqual(['interested', 'not_interested', 'no_answer', 'wrong_number']);
    const ordersOf = interestedContact === contacts.get('F0') ? 2 : 0;
    expect(sheet.purchases).toMatchObject({ orders: ordersOf });
    expect(sheet.purchases.recent).toHaveLength(ordersOf);

    // An event logged during the call lands on the contact's timeline, linked to the call.
    const event = await ana.post(`/api/tasks/${second.id}/events`, { kind: 'call', title: 'Asked about sizes', body: 'Wants a medium' });
    expect(event.statusCode, event.body).toBe(201);
    const linked = await db.query('SELECT task_id, run_id FROM contact_events WHERE id = $1', [event.json<{ id: string }>().id]);
    expect(linked.rows).toEqual([{ task_id: second.id, run_id: run.runId }]);

    // Closing needs an outcome of the step and the required answers; then the member moves on at once.
    expect((await ana.post(`/api/tasks/${second.id}/complete`, { outcome: 'maybe', answers: { size: 'M' } })).json()).toMatchObject({ status: 422, errors: [{ field: 'outcome' }] });
    expect((await ana.post(`/api/tasks/${second.id}/complete`, { outcome: 'interested' })).json()).toMatchObject({ status: 422, errors: [{ field: 'answers.size', message: 'is required ("Which size do you wear?")' }] });
    const closed = await ana.post(`/api/tasks/${second.id}/complete`, { outcome: 'interested', answers: { size: 'M', calls_ok: true }, comment: 'Comes on Saturday' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'interested', comment: 'Comes on Saturday', answers: { size: 'M', calls_ok: true } });
    await eventually(async () => (await runProgress(db, run.runId))?.nodes.call?.outcomes.interested === 1, 15_000, 'the interested member to move on');
    expect((await runProgress(db, run.runId))?.nodes.call?.current).toBe(4);
    const attributes = await db.query('SELECT attributes FROM contacts WHERE id = $1', [interestedContact]);
    expect(attributes.rows[0].attributes).toMatchObject({ shirt_size: ['M'], likes_calls: true });
    const audit = await db.query(`SELECT action, actor_id FROM audit_log WHERE entity = 'task' AND entity_id = $1 ORDER BY id`, [second.id]);
    expect(audit.rows).toEqual([
      { action: 'task.claim', actor_id: ana.userId },
      { action: 'task.event', actor_id: ana.userId },
      { action: 'task.complete', actor_id: ana.userId },
    ]);

    // Objective met: Nora closes the third call with a comment; its member leaves that way.
    expect((await nora.post(`/api/tasks/${third.id}/objective-met`, { comment: 'Booked a fitting' })).json()).toMatchObject({ status: 'closed', outcome: 'objective_met', assigneeId: nora.userId });
    await eventually(async () => (await runProgress(db, run.runId))?.nodes.call?.outcomes.objective_met === 1, 15_000, 'objective met');

    // No answer loops through the wait and comes back as attempt 2; a second no answer is unreachable.
    const [unanswered] = south2.items as [QueueTask];
    expect((await bob.post(`/api/tasks/${unanswered.id}/complete`, { outcome: 'no_answer' })).statusCode).toBe(200);
    const retry = await eventually(async () => (await bob.queue(mine)).items.find((task) => task.contactId === unanswered.contactId && task.attempt === 2), 20_000, 'the second attempt');
    const retrySheet = (await bob.get(`/api/tasks/${retry.id}`)).json<{ earlierAttempts: { attempt: number; outcome: string }[] }>();
    expect(retrySheet.earlierAttempts).toMatchObject([{ attempt: 1, outcome: 'no_answer' }]);
    expect((await bob.post(`/api/tasks/${retry.id}/complete`, { outcome: 'no_answer' })).statusCode).toBe(200);
    await eventually(async () => (await runProgress(db, run.runId))?.nodes.call?.outcomes.unreachable === 1, 15_000, 'unreachable');

    // At the deadline the calls still open are cancelled and their members leave by timeout.
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const progress = await runProgress(db, run.runId);
    expect(progress?.nodes.call?.outcomes).toEqual({ interested: 1, objective_met: 1, no_answer: 1, unreachable: 1, timeout: 2 });
    const tasks = await tasksOfRun(db, run.runId);
    expect(tasks).toHaveLength(6);
    expect(tasks.filter((task) => task.status === 'cancelled').map((task) => task.id).sort()).toEqual([first.id, south2.items[1]!.id].sort());
    expect((await ana.post(`/api/tasks/${first.id}/complete`, { outcome: 'no_answer' })).json()).toMatchObject({ status: 409, code: 'TASK_CLOSED' });
    expect((await ana.queue(`?runId=${run.runId}&status=closed`)).items.map((task) => task.id).sort()).toEqual([second.id].sort());
    await recordHistory('callback-loop', handle);
  });

  it('takes turns over a team, moves calls by the reschedule presets, and pages the queue', async () => {
    const { db } = env.database;
    const store = await createStore(db, 'TEAM');
    const team = (await db.query<{ id: string }>(`INSERT INTO teams (name, store_id) VALUES ('Callers', $1) RETURNING id`, [store])).rows[0]!.id;
    const rita = agent(app, await createSignedInUser(db, 'agent', { storeId: store, teamId: team }));
    const rick = agent(app, await createSignedInUser(db, 'agent', { storeId: store, teamId: team }));
    await seedContacts(db, taggedContacts(4, 'rr'));
    await placeContacts(db, [...(await contactsByName(db, 'rr')).values()], { storeId: store });
    const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, callbackFlow('rr', { assignTo: 'round-robin', teamId: team, dueInHours: 24, deadlineHours: 40 * 24 }));
    const mine = `?runId=${run.runId}`;
    await eventually(async () => (await tasksOfRun(db, run.runId)).length === 4, 20_000, 'four calls');

    const ritas = await rita.queue(mine);
    const ricks = await rick.queue(mine);
    expect([ritas.items.length, ricks.items.length]).toEqual([2, 2]);
    expect(ritas.items.every((task) => task.assigneeId === rita.userId)).toBe(true);

    // Keyset pages: one call per page, each once.
    const page1 = await rita.queue(`${mine}&limit=1`);
    const page2 = await rita.queue(`${mine}&limit=1&after=${page1.nextCursor}`);
    expect([page1.items[0]!.id, page2.items[0]!.id]).toEqual(ritas.items.map((task) => task.id));
    expect(page2.nextCursor).toBeNull();
    expect((await rita.get(`/api/tasks${mine}&after=not-a-cursor`)).statusCode).toBe(400);

    const [soon, other] = ritas.items as [QueueTask, QueueTask];
    const expectations: [string, number][] = [['+1d', 86_400_000], ['+1w', 7 * 86_400_000], ['+2h', 7_200_000]];
    for (const [preset, ms] of expectations) {
      const response = await rita.post(`/api/tasks/${other.id}/reschedule`, { preset });
      expect(response.statusCode, response.body).toBe(200);
      expect(Math.abs(Date.parse(response.json<QueueTask>().dueAt) - (Date.now() + ms))).toBeLessThan(60_000);
    }
    // Due in two hours, the other call now comes before the one due tomorrow.
    expect((await rita.queue(mine)).items.map((task) => task.id)).toEqual([other.id, soon.id]);
    const month = await rita.post(`/api/tasks/${other.id}/reschedule`, { preset: '+1m' });
    const inAMonth = new Date();
    inAMonth.setUTCMonth(inAMonth.getUTCMonth() + 1);
    expect(Math.abs(Date.parse(month.json<QueueTask>().dueAt) - inAMonth.getTime())).toBeLessThan(60_000);
    expect((await rita.post(`/api/tasks/${other.id}/reschedule`, { at: '2020-01-01T00:00:00Z' })).json()).toMatchObject({ status: 422, errors: [{ field: 'at', message: 'must be in the future' }] });
    // Rick's calls are not Rita's to move.
    expect((await rita.post(`/api/tasks/${ricks.items[0]!.id}/reschedule`, { preset: '+2h' })).json()).toMatchObject({ status: 409, code: 'TASK_ASSIGNED' });
    await cancelRun(env, run);
  });

  it('gives calls to the contact’s owner, and a retried open creates exactly one call per member', async () => {
    const { db } = env.database;
    const store = await createStore(db, 'OWN');
    const owner = agent(app, await createSignedInUser(db, 'agent', { storeId: store }));
    await seedContacts(db, taggedContacts(3, 'own'));
    const contacts = await contactsByName(db, 'own');
    await placeContacts(db, [...contacts.values()], { storeId: store });
    await placeContacts(db, [contacts.get('F0'), contacts.get('F1')], { ownerId: owner.userId });
    const graph = callbackFlow('own', { assignTo: 'owner', dueInHours: 24, deadlineHours: 48 });
    const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, graph);
    const opened = await eventually(async () => {
      const tasks = await tasksOfRun(db, run.runId);
      return tasks.length === 3 ? tasks : undefined;
    }, 20_000, 'three calls');
    const assigned = new Map(opened.map((task) => [task.contactId, task.assignee]));
    expect(assigned).toEqual(new Map([[contacts.get('F0'), owner.userId], [contacts.get('F1'), owner.userId], [contacts.get('F2'), null]]));
    // The owner's queue: their two calls and the store's unassigned one.
    expect((await owner.queue(`?runId=${run.runId}`)).totals.open).toBe(3);

    // The open batch again, twice at once, as retries of a crashed activity would run it.
    const node = graph.nodes.find((candidate) => candidate.id === 'call') as FlowNode;
    const mailer = createSmtpMailer(env.sink.url);
    const activities = createActivities({ db, mailer, mailFrom: 'tests@example.test', sendConcurrency: 1 });
    const input: RunNodeInput = {
      runId: run.runId,
      node,
      inputCohortId: opened[0]!.arrivalId,
      outputs: Object.fromEntries(nodeOutputs(node).map((handle) => [handle, { cohortId: randomUUID(), targetNodeId: null }])),
      mode: 'open',
      state: null,
      visitCap: null,
      batch: { ms: 60_000, members: 1_000 },
    };
    const openAgain = () => new MockActivityEnvironment().run(activities.runNode, input);
    await Promise.all([openAgain(), openAgain()]);
    await mailer.close();
    const after = await tasksOfRun(db, run.runId);
    expect(after.map((task) => task.id)).toEqual(opened.map((task) => task.id));
    expect(new Map(after.map((task) => [task.contactId, task.assignee]))).toEqual(assigned);
    await cancelRun(env, run);
  });
});
