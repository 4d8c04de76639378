import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/pool';
import { checkFlow } from '../../api/flow-checks';
import { startRun } from '../../api/run-starter';
import { SYSTEM_ACTOR } from '../../db/audit';
import { createCampaign } from '../../db/campaigns';
import { createFlow } from '../../db/flows';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowEdge, type FlowGraph, type FlowNode } from '../../flow/graph';
import { validateFlow } from '../../flow/validate';
import type { CampaignWorkflowInput } from '../../workflows/definitions';

export interface SeedContact {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  gender: 'female' | 'male' | 'other' | null;
  language: string;
  attributes?: Record<string, unknown>;
}

/** Insert contacts in batches (jsonb_to_recordset, which PGlite handles too); returns their ids. */
export async function seedContacts(db: Db, contacts: SeedContact[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < contacts.length; start += 5000) {
    const batch = contacts.slice(start, start + 5000).map((c) => ({ ...c, attributes: c.attributes ?? {} }));
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contacts (email, first_name, last_name, gender, language, attributes)
       SELECT email, first_name, last_name, gender, language, attributes
       FROM jsonb_to_recordset($1::jsonb) AS x(email text, first_name text, last_name text, gender text, language text, attributes jsonb)
       RETURNING id`,
      [JSON.stringify(batch)],
    );
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

export async function seedTemplate(db: Db, template: { subject: string; body: string; name?: string; language?: string }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `WITH t AS (INSERT INTO templates (name, channel, language) VALUES ($1, 'email', $4) RETURNING id)
     INSERT INTO template_variants (template_id, language, subject, text_body) SELECT id, $4, $2, $3 FROM t RETURNING template_id AS id`,
    [template.name ?? 'Test template', template.subject, template.body, template.language ?? 'en'],
  );
  return rows[0]!.id;
}

/** Build a linear flow graph: each node's first output feeds the next node. */
export function linearFlow(steps: { type: string; config: Record<string, unknown>; handle?: string }[]): FlowGraph {
  const nodes: FlowNode[] = steps.map((step, index) => ({
    id: `${step.type}-${index + 1}`,
    type: step.type,
    config: step.config,
    position: { x: index * 220, y: 0 },
  }));
  const edges = steps.slice(1).map((_, index) => ({
    id: `e${index + 1}`,
    source: nodes[index]!.id,
    sourceHandle: steps[index]!.handle ?? 'out',
    target: nodes[index + 1]!.id,
  }));
  const graph: FlowGraph = { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes, edges };
  const problems = validateFlow(graph);
  if (problems.length > 0) throw new Error(`Test flow is invalid: ${JSON.stringify(problems)}`);
  return graph;
}

/** The classic first campaign: audience → generate → send → end. */
export function emailCampaignFlow(templateId: string, options: { ratePerSecond?: number; rules?: unknown[] } = {}): FlowGraph {
  return linearFlow([
    { type: 'audience', config: { match: 'all', rules: options.rules ?? [{ field: 'email', operator: 'exists' }] } },
    { type: 'generate', config: { templateId, channel: 'email' }, handle: 'ready' },
    { type: 'send', config: { channel: 'email', ratePerSecond: options.ratePerSecond ?? 0 }, handle: 'sent' },
    { type: 'end', config: { finalStatus: 'contacted' } },
  ]);
}

export interface StartedRun {
  runId: string;
  workflowId: string;
}

/**
 * Save the flow and a campaign through the db layer and start the run through the API's run
 * starter, exactly as `POST /api/campaigns/:id/runs` does (the flow is checked the same way).
 */
export async function startCampaignRun(
  db: Db,
  client: Client,
  taskQueue: string,
  graph: FlowGraph,
  tuning: Pick<CampaignWorkflowInput, 'maxHistoryEvents' | 'batch'> = {},
): Promise<StartedRun> {
  const check = await checkFlow(db, graph);
  if (!check.ok) throw new Error(`Test flow cannot run: ${JSON.stringify(check.problems)}`);
  const flow = await createFlow(db, SYSTEM_ACTOR, { name: 'Test flow', graph: check.graph });
  // Service mail: engine tests are not consent tests (those name a topic and subscribe their contacts).
  const created = await createCampaign(db, SYSTEM_ACTOR, { name: 'Test campaign', flowId: flow.id, mailPurpose: 'service' });
  if (!('campaign' in created)) throw new Error('Test flow was not saved');
  return startRun(
    { db, client, taskQueue },
    { runId: randomUUID(), campaignId: created.campaign.id, flowId: flow.id, flowVersion: flow.version, graph: check.graph, log: console, tuning },
  );
}

/** A flow from nodes (id, type, config) and edges written as `source:handle->target`; checked like any saved flow. */
export function graphOf(nodes: { id: string; type: string; config: Record<string, unknown> }[], edges: string[]): FlowGraph {
  const graph: FlowGraph = {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: nodes.map((node, index) => ({ ...node, position: { x: index * 220, y: 0 } })),
    edges: edges.map((edge, index): FlowEdge => {
      const [, source, sourceHandle, target] = /^(.+):(.+)->(.+)$/.exec(edge) ?? [];
      if (!source || !sourceHandle || !target) throw new Error(`Bad edge "${edge}"`);
      return { id: `e${index + 1}`, source, sourceHandle, target };
    }),
  };
  const problems = validateFlow(graph);
  if (problems.length > 0) throw new Error(`Test flow is invalid: ${JSON.stringify(problems)}`);
  return graph;
}

/** `count` contacts with addresses `<prefix><i>@example.test`, tagged with `attributes.cohort = prefix`. */
export function taggedContacts(count: number, prefix: string): SeedContact[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `${prefix}${i}@example.test`,
    first_name: `F${i}`,
    last_name: `L${i}`,
    gender: null,
    language: 'en',
    attributes: { cohort: prefix },
  }));
}

/** An audience of the contacts tagged `prefix` (see taggedContacts). */
export function taggedAudience(prefix: string) {
  return { match: 'all', rules: [{ field: 'attributes.cohort', operator: 'eq', value: prefix }] };
}
