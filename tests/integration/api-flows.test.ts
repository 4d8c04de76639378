import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../../flow/graph';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

function emailFlow(templateId: string): FlowGraph {
  const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({ id, type, config, position: { x, y: 0 } });
  return {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      node('audience', 'audience', { match: 'all', rules: [] }, 0),
      node('generate', 'generate', { templateId, channel: 'email' }, 200),
      node('send', 'send', { channel: 'email', ratePerSecond: 0 }, 400),
      node('end', 'end', { finalStatus: 'contacted' }, 600),
    ],
    edges: [
      { id: 'e1', source: 'audience', sourceHandle: 'out', target: 'generate' },
      { id: 'e2', source: 'generate', sourceHandle: 'ready', target: 'send' },
      { id: 'e3', source: 'send', sourceHandle: 'sent', target: 'end' },
    ],
  };
}

/**
 * Templates and flows need no Temporal: the client points at a closed port. Each test starts with
 * one template ("Fixture", `templateId`) and no flow, so any one runs alone or in any order.
 */
describe('templates and flows API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let templateId: string;

  const flowRows = async () => Number((await database.db.query('SELECT count(*) FROM flow_versions')).rows[0].count);

  beforeAll(async () => {
    database = await createTestDatabase('cs_api_flows');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });
  beforeEach(async () => {
    // DELETE, not TRUNCATE … CASCADE: a cascade would reach the append-only cost ledger, which refuses TRUNCATE.
    await database.db.query('DELETE FROM flow_versions; DELETE FROM flows; DELETE FROM templates');
    const fixture = await app.inject({ method: 'POST', url: '/api/templates', payload: { name: 'Fixture', channel: 'email', subject: 'Hi', body: '{{salutation}}' } });
    templateId = fixture.json().id;
  });

  /** A saved flow the test can change: the summary the flow list shows. */
  async function savedFlow(name: string): Promise<{ id: string; version: number }> {
    const created = await app.inject({ method: 'POST', url: '/api/flows', payload: { name, graph: emailFlow(templateId) } });
    expect(created.statusCode).toBe(201);
    return created.json();
  }

  it('creates, lists, reads and replaces a template', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/templates',
      payload: { name: 'Welcome', channel: 'email', language: 'en', subject: 'Hello {{contact.firstName}}', body: '{{salutation}},\nwelcome.' },
    });
    expect(created.statusCode).toBe(201);
    const welcomeId = created.json().id;

    const replaced = await app.inject({
      method: 'PUT',
      url: `/api/templates/${welcomeId}`,
      payload: { name: 'Welcome v2', channel: 'email', subject: 'Hi {{contact.firstName}}', body: '{{salutation}}' },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ id: welcomeId, name: 'Welcome v2', language: 'en', variants: [{ language: 'en', subject: 'Hi {{contact.firstName}}', text: '{{salutation}}', html: null }] });
    expect((await app.inject({ method: 'GET', url: `/api/templates/${welcomeId}` })).json().name).toBe('Welcome v2');
    expect((await app.inject({ method: 'GET', url: '/api/templates' })).json().map((t: { id: string }) => t.id)).toEqual([templateId, welcomeId]);
  });

  it('refuses a template whose Handlebars does not compile, naming the field and line', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/templates',
      payload: { name: 'Broken', channel: 'email', subject: 'Fine {{contact.firstName}}', body: 'line one\n{{#if contact.city}}\nno end' },
    });
    expect(response.statusCode).toBe(422);
    const [error, ...rest] = response.json().errors;
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ field: 'body', line: 3 });
    expect(error.message).toMatch(/^Handlebars parse error on line 3/);
    expect((await app.inject({ method: 'GET', url: '/api/templates' })).json()).toHaveLength(1);
  });

  it('saves a valid flow as version 1, a change as version 2, and lists the latest version', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'First campaign', graph: emailFlow(templateId) } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({ name: 'First campaign', version: 1, graph: emailFlow(templateId) });

    const changed = emailFlow(templateId);
    changed.nodes[2]!.config = { channel: 'email', ratePerSecond: 50 };
    const updated = await app.inject({ method: 'PUT', url: `/api/flows/${id}`, payload: { graph: changed } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id, name: 'First campaign', version: 2 });

    const read = await app.inject({ method: 'GET', url: `/api/flows/${id}` });
    expect(read.json()).toEqual({ id, name: 'First campaign', version: 2, graph: changed, problems: [] });
    const list = await app.inject({ method: 'GET', url: '/api/flows' });
    expect(list.json()).toEqual([{ id, name: 'First campaign', version: 2, updatedAt: expect.any(String) }]);
  });

  it('saves an unfinished flow as a draft, returning its problems pinned to nodes; reading it back says them again', async () => {
    const before = await flowRows();
    const graph = emailFlow(templateId);
    graph.edges.push({ id: 'e-dangling', source: 'end', sourceHandle: 'out', target: 'nowhere' });
    graph.nodes.push({ id: 'wait-1', type: 'wait', config: { mode: 'duration', amount: 0, unit: 'days' }, position: { x: 0, y: 300 } });
    const response = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'Half-built', graph } });
    expect(response.statusCode).toBe(201);
    const draft = response.json();
    expect(draft).toMatchObject({ name: 'Half-built', version: 1, graph });
    expect(draft.problems).toContainEqual(expect.objectContaining({ code: 'DANGLING_EDGE', nodeId: 'end', edgeId: 'e-dangling' }));
    expect(draft.problems).toContainEqual(expect.objectContaining({ nodeId: 'wait-1' }));
    expect(await flowRows()).toBe(before + 1);
    expect((await app.inject({ method: 'GET', url: `/api/flows/${draft.id}` })).json()).toEqual({ id: draft.id, name: 'Half-built', version: 1, graph, problems: draft.problems });

    // Finished, the next version has no problem left.
    const fixed = await app.inject({ method: 'PUT', url: `/api/flows/${draft.id}`, payload: { graph: emailFlow(templateId) } });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ version: 2, problems: [] });
  });

  it('saves a generate node naming a template that does not exist, with that problem', async () => {
    const graph = emailFlow('6f1c2a4e-0000-4000-8000-000000000000');
    const response = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'Ghost template', graph } });
    expect(response.statusCode).toBe(201);
    expect(response.json().problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_TEMPLATE', nodeId: 'generate', field: 'templateId' })]);
  });

  it('refuses what is not a flow document (422, nothing written); a change with problems is saved as the next version', async () => {
    const empty = await flowRows();
    for (const garbage of [{ nodes: 'many' }, 'a flow', [], { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes: [{ id: 7 }], edges: [] }, { ...emailFlow(templateId), version: FLOW_SCHEMA_VERSION + 1 }]) {
      const notAFlow = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'Junk', graph: garbage } });
      expect(notAFlow.statusCode, JSON.stringify(garbage)).toBe(422);
      expect(notAFlow.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(notAFlow.json()).toMatchObject({ code: 'INVALID_FLOW', status: 422 });
      expect(notAFlow.json().errors.every((error: { code: string }) => ['NOT_A_FLOW', 'UNSUPPORTED_VERSION'].includes(error.code))).toBe(true);
    }
    expect(await flowRows()).toBe(empty);

    const flow = await savedFlow('First campaign');
    const before = await flowRows();
    const cyclic = emailFlow(templateId);
    cyclic.edges.push({ id: 'loop', source: 'send', sourceHandle: 'failed', target: 'generate' });
    const saved = await app.inject({ method: 'PUT', url: `/api/flows/${flow.id}`, payload: { name: 'Renamed', graph: cyclic } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ name: 'Renamed', version: flow.version + 1 });
    expect(saved.json().problems.map((problem: { code: string }) => problem.code)).toContain('CYCLE_WITHOUT_WAIT');
    expect(await flowRows()).toBe(before + 1);
  });

  it('gives concurrent saves of one flow consecutive versions instead of failing one', async () => {
    const flow = await savedFlow('Busy');
    const saves = await Promise.all(
      [0, 1, 2].map(() => app.inject({ method: 'PUT', url: `/api/flows/${flow.id}`, payload: { graph: emailFlow(templateId) } })),
    );
    expect(saves.map((save) => save.statusCode)).toEqual([200, 200, 200]);
    expect(saves.map((save) => save.json().version).sort((a, b) => a - b)).toEqual([flow.version + 1, flow.version + 2, flow.version + 3]);
  });

  it('answers an unknown flow with 404 problem+json', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/flows/00000000-0000-4000-8000-000000000000' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
