import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type RunNodeInput } from '../../activities';
import { buildApp } from '../../api/app';
import { createSmtpMailer } from '../../channels/smtp';
import type { Db } from '../../db/pool';
import type { FlowGraph, FlowNode } from '../../flow/graph';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { workflowIdForRun } from '../../workflows/definitions';
import { graphOf, seedContacts, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { freshOutputs, handlesTaken, nodeBench, recordBenchRun, seatMembers } from '../support/node-batches';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createSignedInUser, OWN_ORIGIN, sessionCookie, signInAsAdmin } from '../support/sign-in';
import { startTemporal } from '../support/temporal';


/**
 * The campaign catalogue (seed 004): code, validity, promoted product and price list, script and
 * owner, written and refused through the API; what they change in a run — no start outside the
 * validity, no call due after it, the campaign's script and product where a step names none —
 * and the start confirmation's counts. Temporal is here only for the starts (no worker polls);
 * the node activities run directly, as the worker would run them.
 */
describe('the campaign catalogue', () => {
  let database: TestDatabase;
  let db: Db;
  let temporal: TestWorkflowEnvironment;
  let app: FastifyInstance;
  const taskQueue = `catalogue-${randomUUID()}`;
  const startedRuns: string[] = [];
  let flowId: string;
  let productId: string;
  let ownerId: string;

  /** Days from today, as the API writes them (the database's today: what validity compares with). */
  async function day(offset: number): Promise<string> {
    return (await db.query<{ d: string }>(`SELECT to_char(current_date + $1::int, 'YYYY-MM-DD') AS d`, [offset])).rows[0]!.d;
  }

  async function insertProduct(code: string): Promise<string> {
    return (await db.query<{ id: string }>(`INSERT INTO products (code, name, kind) VALUES ($1, $1 || ' item', 'product') RETURNING id`, [code])).rows[0]!.id;
  }

  /** A price list valid from `fromDays` after today, open-ended, pricing each product given. */
  async function priceList(name: string, fromDays: number, prices: Record<string, string>): Promise<string> {
    const id = (await db.query<{ id: string }>(`INSERT INTO price_lists (name, valid_from) VALUES ($1, current_date + $2::int) RETURNING id`, [name, fromDays])).rows[0]!.id;
    for (const [product, price] of Object.entries(prices)) await db.query('INSERT INTO price_list_items (price_list_id, product_id, price) VALUES ($1, $2, $3)', [id, product, price]);
    return id;
  }

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const patch = (url: string, payload: object) => app.inject({ method: 'PATCH', url, payload });

  async function newCampaign(payload: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
    const created = await post('/api/campaigns', { flowId, ...payload });
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  }

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase('cs_catalogue'), startTemporal()]);
    db = database.db;
    app = await buildApp({ db, temporal: temporal.client, taskQueue });
    await signInAsAdmin(app, db);
    const flow = await post('/api/flows', {
      name: 'Catalogue flow',
      graph: graphOf([{ id: 'audience', type: 'audience', config: taggedAudience('nobody') }, { id: 'end', type: 'end', config: { finalStatus: 'done' } }], ['audience:out->end']),
    });
    expect(flow.statusCode, flow.body).toBe(201);
    flowId = flow.json().id;
    productId = await insertProduct('SWEATER');
    ownerId = (await createSignedInUser(db, 'designer')).userId;
  });
  afterAll(async () => {
    for (const runId of startedRuns) await temporal?.client.workflow.getHandle(workflowIdForRun(runId)).terminate('test over').catch(() => undefined);
    await app?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  it('creates, reads, lists and changes a campaign with its code, validity, product, price list, script and owner (audited)', async () => {
    const listId = await priceList('Autumn', -10, { [productId]: '49.90' });
    const [from, to] = [await day(-1), await day(30)];
    const created = await newCampaign({
      code: 'RET045',
      name: 'Sweater pre-sale',
      kind: 'direct',
      goal: 'Sell the new sweaters',
      validFrom: from,
      validTo: to,
      productId,
      priceListId: listId,
      script: 'Good morning, we have a pre-sale of sweaters for you.',
      ownerId,
    });
    expect(created).toMatchObject({
      code: 'RET045',
      name: 'Sweater pre-sale',
      kind: 'direct',
      validFrom: from,
      validTo: to,
      productId,
      productName: 'SWEATER SWEATER item',
      priceListId: listId,
      priceListName: 'Autumn',
      script: 'Good morning, we have a pre-sale of sweaters for you.',
      ownerId,
      ownerName: expect.stringMatching(/^Test designer/),
      latestRun: null,
    });
    const read = await app.inject({ method: 'GET', url: `/api/campaigns/${created.id}` });
    expect(read.json()).toMatchObject({ ...created, runs: [], contactsMailed: 0 });
    expect((await app.inject({ method: 'GET', url: '/api/campaigns' })).json()).toContainEqual(created);

    const changed = await patch(`/api/campaigns/${created.id}`, { name: 'Sweater pre-sale 2', priceListId: null, script: null, validTo: await day(40) });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Sweater pre-sale 2', code: 'RET045', priceListId: null, priceListName: null, script: null, validTo: await day(40), productId });
    const audit = await db.query<{ action: string; diff: Record<string, unknown> }>(`SELECT action, diff FROM audit_log WHERE entity = 'campaign' AND entity_id = $1 ORDER BY id`, [created.id]);
    expect(audit.rows.map((row) => row.action)).toEqual(['campaign.create', 'campaign.update']);
    expect(audit.rows[1]!.diff).toEqual({
      name: ['Sweater pre-sale', 'Sweater pre-sale 2'],
      priceListId: [listId, null],
      script: ['Good morning, we have a pre-sale of sweaters for you.', null],
      validTo: [to, await day(40)],
    });
  });

  it('refuses unknown references, a period that ends before it starts and a code already used, naming the field', async () => {
    const unpricing = await priceList('Other goods', -5, {});
    const refusals: [Record<string, unknown>, number, { field: string; message: string }[]][] = [
      [{ productId: randomUUID() }, 422, [{ field: 'productId', message: 'names no product' }]],
      [{ productId, priceListId: randomUUID() }, 422, [{ field: 'priceListId', message: 'names no price list' }]],
      [{ productId, priceListId: unpricing }, 422, [{ field: 'priceListId', message: 'has no price for the promoted product' }]],
      [{ priceListId: unpricing }, 422, [{ field: 'priceListId', message: 'is the list the promoted product is priced from: choose the product too' }]],
      [{ ownerId: randomUUID() }, 422, [{ field: 'ownerId', message: 'names no user' }]],
      [{ flowId: randomUUID() }, 422, [{ field: 'flowId', message: 'names no flow' }]],
      [{ validFrom: '2026-03-10', validTo: '2026-03-09' }, 422, [{ field: 'validTo', message: 'must be on or after validFrom (2026-03-10)' }]],
    ];
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns')).rows[0]!.n;
    for (const [fields, status, errors] of refusals) {
      const refused = await post('/api/campaigns', { flowId, name: 'Refused', ...fields });
      expect(refused.statusCode, JSON.stringify(fields)).toBe(status);
      expect(refused.json().errors).toEqual(errors);
    }
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns')).rows[0]!.n).toBe(before);

    const first = await newCampaign({ name: 'First', code: 'DUP-1', validFrom: '2026-03-10' });
    const duplicate = await post('/api/campaigns', { flowId, name: 'Second', code: 'dup-1' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'DUPLICATE_CODE', errors: [{ field: 'code', message: 'is already used by another campaign' }] });
    const badCode = await post('/api/campaigns', { flowId, name: 'Spaces', code: 'has spaces' });
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);

    // A patch is checked as the campaign will be after it: an end before the stored start.
    const early = await patch(`/api/campaigns/${first.id}`, { validTo: '2026-03-01' });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors).toEqual([{ field: 'validTo', message: 'must be on or after validFrom (2026-03-10)' }]);
    const second = await newCampaign({ name: 'Second', code: 'DUP-2' });
    expect((await patch(`/api/campaigns/${second.id}`, { code: 'Dup-1' })).statusCode).toBe(409);
    expect((await patch(`/api/campaigns/${randomUUID()}`, { name: 'Nobody' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/campaigns/${second.id}` })).json()).toMatchObject({ code: 'DUP-2', name: 'Second' });
  });

  it('lets a budget owner read the catalogue but not change it', async () => {
    const campaign = await newCampaign({ name: 'Read only', code: 'RO-1' });
    const budgetOwner = await createSignedInUser(db, 'budget_owner');
    const headers = { cookie: sessionCookie(budgetOwner), origin: OWN_ORIGIN };
    expect((await app.inject({ method: 'GET', url: '/api/campaigns', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url: `/api/campaigns/${campaign.id}`, headers, payload: { name: 'Mine now' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/campaigns/${campaign.id}/start-preview`, headers })).statusCode).toBe(403);
  });

  it('refuses a start before the first valid day or after the last one, and starts one within (the list shows its status)', async () => {
    const runsBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_runs')).rows[0]!.n;
    const tomorrow = await day(1);
    const notYet = await newCampaign({ name: 'Not yet', validFrom: tomorrow });
    const refused = await post(`/api/campaigns/${notYet.id}/runs`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'OUTSIDE_VALIDITY', detail: `The campaign is valid from ${tomorrow}: a run cannot start before ${tomorrow}` });

    const yesterday = await day(-1);
    const over = await newCampaign({ name: 'Over', validFrom: await day(-10), validTo: yesterday });
    const late = await post(`/api/campaigns/${over.id}/runs`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe(`The campaign is valid from ${await day(-10)} to ${yesterday}: its validity ended on ${yesterday}, so no run can start`);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_runs')).rows[0]!.n).toBe(runsBefore);
    // The confirmation says so before anyone presses Start.
    expect((await app.inject({ method: 'GET', url: `/api/campaigns/${notYet.id}/start-preview` })).json().refusal).toBe(refused.json().detail);

    const today = await day(0);
    const open = await newCampaign({ name: 'Open', validFrom: today, validTo: today });
    expect((await app.inject({ method: 'GET', url: `/api/campaigns/${open.id}/start-preview` })).json().refusal).toBeNull();
    const started = await post(`/api/campaigns/${open.id}/runs`, {});
    expect(started.statusCode, started.body).toBe(201);
    startedRuns.push(started.json().runId);
    const listed = (await app.inject({ method: 'GET', url: '/api/campaigns' })).json() as { id: string; latestRun: unknown }[];
    expect(listed.find((campaign) => campaign.id === open.id)?.latestRun).toEqual({ id: started.json().runId, status: 'running', startedAt: expect.any(String) });
  });

  it("counts the start's audience with and without e-mail exactly as the rows say, each contact once across audience nodes", async () => {
    const members = [
      ...taggedContacts(5, 'prv'),
      ...taggedContacts(3, 'prv').map((contact, i) => ({ ...contact, email: null, first_name: `NoMail${i}` })),
      // Selected by the second audience node only, and one selected by both.
      { ...taggedContacts(1, 'other')[0]!, email: 'vip-only@example.test', attributes: { prv_vip: true } },
      { ...taggedContacts(1, 'other')[0]!, email: null, first_name: 'VipNoMail', attributes: { prv_vip: true } },
      { ...taggedContacts(1, 'prv')[0]!, email: 'both@example.test', attributes: { cohort: 'prv', prv_vip: true } },
      // Selected by neither.
      { ...taggedContacts(1, 'prvx')[0]!, email: 'neither@example.test' },
    ];
    await seedContacts(db, members);
    const graph = graphOf(
      [
        { id: 'regulars', type: 'audience', config: taggedAudience('prv') },
        { id: 'vips', type: 'audience', config: { match: 'all', rules: [{ field: 'attributes.prv_vip', operator: 'eq', value: true }] } },
        { id: 'end', type: 'end', config: { finalStatus: 'done' } },
      ],
      ['regulars:out->end', 'vips:out->end'],
    );
    const flow = await post('/api/flows', { name: 'Two audiences', graph });
    expect(flow.statusCode, flow.body).toBe(201);
    const campaign = await newCampaign({ name: 'Preview', flowId: flow.json().id });

    const preview = await app.inject({ method: 'GET', url: `/api/campaigns/${campaign.id}/start-preview` });
    expect(preview.statusCode, preview.body).toBe(200);
    // By hand, from the rows in the database.
    const { rows } = await db.query<{ email: string | null }>(`SELECT email FROM contacts WHERE attributes->>'cohort' = 'prv' OR attributes @> '{"prv_vip": true}'`);
    const withEmail = rows.filter((row) => row.email !== null).length;
    expect(preview.json()).toEqual({ audience: rows.length, withEmail, withoutEmail: rows.length - withEmail, refusal: null });
    expect(preview.json()).toMatchObject({ audience: 11, withEmail: 7, withoutEmail: 4 });
  });

  /** A callback node (own script or none), its open batch run directly over `contactIds`. */
  async function openCalls(runId: string, node: FlowNode, contactIds: string[]): Promise<void> {
    const mailer = createSmtpMailer('smtp://127.0.0.1:1');
    const activities = createActivities({ db, mailer, mailFrom: 'tests@example.test', sendConcurrency: 1 });
    const input: RunNodeInput = {
      runId,
      node,
      inputCohortId: await seatMembers(db, runId, node.id, contactIds),
      outputs: freshOutputs(node),
      mode: 'open',
      state: null,
      visitCap: null,
      batch: { ms: 60_000, members: 1_000 },
    };
    await new MockActivityEnvironment().run(activities.runNode, input);
    await mailer.close();
  }

  function callbackNode(id: string, script: string, dueInHours: number): FlowNode {
    return {
      id,
      type: 'callback',
      position: { x: 0, y: 0 },
      config: { script, questions: [], outcomes: [{ key: 'interested', label: 'Interested', reached: true }], assignTo: 'store', dueInHours, deadlineHours: 2_000, maxAttempts: 3 },
    };
  }

  function benchGraph(nodes: FlowNode[]): FlowGraph {
    return { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes, edges: [] };
  }

  it("gives a call step without a script the campaign's, and makes no call fall due after the campaign's last day", async () => {
    const [fallback, ownScript] = [callbackNode('call-campaign-script', '  ', 24 * 30), callbackNode('call-own-script', 'Our own words', 1)];
    const runId = await recordBenchRun(db, benchGraph([fallback, ownScript]));
    const { campaignId } = await nodeBench(db, runId, 'smtp://127.0.0.1:1');
    const lastDay = await day(2);
    expect((await patch(`/api/campaigns/${campaignId}`, { script: 'Hello from the campaign', validTo: lastDay })).statusCode).toBe(200);
    const [first, second] = await seedContacts(db, taggedContacts(2, 'cbk'));
    await openCalls(runId, fallback, [first!]);
    await openCalls(runId, ownScript, [second!]);

    const tasks = await db.query<{ id: string; nodeId: string; capped: boolean; dueInAnHour: boolean }>(
      `SELECT id, node_id AS "nodeId", due_at = (current_date + 3)::timestamptz - interval '1 second' AS capped,
         due_at BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes' AS "dueInAnHour"
       FROM tasks WHERE run_id = $1 ORDER BY node_id`,
      [runId],
    );
    // Due in 30 days, capped to the last second of the last valid day; due in an hour, left as it is.
    expect(tasks.rows.map(({ nodeId, capped, dueInAnHour }) => ({ nodeId, capped, dueInAnHour }))).toEqual([
      { nodeId: 'call-campaign-script', capped: true, dueInAnHour: false },
      { nodeId: 'call-own-script', capped: false, dueInAnHour: true },
    ]);
    const detail = async (taskId: string) => (await app.inject({ method: 'GET', url: `/api/tasks/${taskId}` })).json();
    const [campaignCall, ownCall] = tasks.rows;
    expect((await detail(campaignCall!.id)).script).toBe('Hello from the campaign');
    expect((await detail(ownCall!.id)).script).toBe('Our own words');

    // An agent cannot put the call off past the last day either.
    const putOff = await post(`/api/tasks/${ownCall!.id}/reschedule`, { preset: '+1w' });
    expect(putOff.statusCode).toBe(422);
    expect(putOff.json()).toMatchObject({ code: 'AFTER_VALIDITY', errors: [{ field: 'preset', message: expect.stringMatching(/^falls after the campaign's last valid day/) }] });
    expect((await post(`/api/tasks/${ownCall!.id}/reschedule`, { preset: '+1d' })).statusCode).toBe(200);

    // No script anywhere: none.
    expect((await patch(`/api/campaigns/${campaignId}`, { script: null })).statusCode).toBe(200);
    expect((await detail(campaignCall!.id)).script).toBeNull();
  });

  it("opens opportunities for the campaign's product, from its price list, where the convert step names no product", async () => {
    const kit = await insertProduct('KIT');
    const gadget = await insertProduct('GADGET');
    const standing = await priceList('Standing', -100, { [kit]: '90.00', [gadget]: '15.00' });
    const newest = await priceList('Spring', -3, { [kit]: '100.00', [gadget]: '20.00' });
    const convertWith = (id: string, config: Record<string, unknown>): FlowNode => ({ id, type: 'convert', position: { x: 0, y: 0 }, config: { stage: 'proposal', ...config } });
    const offered = async (campaign: { productId: string | null; priceListId: string | null }, node: FlowNode, prefix: string) => {
      const runId = await recordBenchRun(db, benchGraph([node]));
      const bench = await nodeBench(db, runId, 'smtp://127.0.0.1:1');
      expect((await patch(`/api/campaigns/${bench.campaignId}`, campaign)).statusCode).toBe(200);
      const contacts = await seedContacts(db, taggedContacts(2, prefix));
      const outputs = freshOutputs(node);
      await bench.runBatch(node, await seatMembers(db, runId, node.id, contacts), outputs);
      expect([...(await handlesTaken(db, runId, outputs)).values()]).toEqual(['created', 'created']);
      const { rows } = await db.query<{ product: string; list: string; revenue: string }>(
        `SELECT DISTINCT p.product_id AS product, o.price_list_id AS list, o.expected_revenue::text AS revenue
         FROM opportunities o JOIN opportunity_products p ON p.opportunity_id = o.id WHERE o.run_id = $1`,
        [runId],
      );
      return rows;
    };
    // The campaign's product, priced from the campaign's list (not the newest one).
    expect(await offered({ productId: kit, priceListId: standing }, convertWith('offer', {}), 'cv1')).toEqual([{ product: kit, list: standing, revenue: '90.00' }]);
    // The campaign's product, no list named: the list valid today that started last.
    expect(await offered({ productId: kit, priceListId: null }, convertWith('offer', {}), 'cv2')).toEqual([{ product: kit, list: newest, revenue: '100.00' }]);
    // The step's own product wins, priced from today's list.
    expect(await offered({ productId: kit, priceListId: standing }, convertWith('offer', { productId: gadget }), 'cv3')).toEqual([{ product: gadget, list: newest, revenue: '20.00' }]);
    // Neither names one: the batch fails, nothing is opened.
    const node = convertWith('offer', {});
    const runId = await recordBenchRun(db, benchGraph([node]));
    const bench = await nodeBench(db, runId, 'smtp://127.0.0.1:1');
    const contacts = await seedContacts(db, taggedContacts(1, 'cv4'));
    await expect(bench.runBatch(node, await seatMembers(db, runId, node.id, contacts), freshOutputs(node))).rejects.toThrow(/names no product and the campaign promotes none/);
    expect((await db.query('SELECT 1 FROM opportunities WHERE run_id = $1', [runId])).rowCount).toBe(0);
  });
});
