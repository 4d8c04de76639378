import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type NodeBatchResult } from '../activities';
import { compileAudienceRules } from '../db/audience-sql';
import type { Db } from '../db/pool';
import { insertRun } from '../db/runs';
import type { AudienceConfig } from '../flow/nodes/audience-config';

export interface AudienceCase {
  name: string;
  config: AudienceConfig;
  /** The same predicate written by hand: the floor a compiler cannot beat. */
  bareSql: string;
}

export interface AudienceFigures {
  name: string;
  matched: number;
  bareCountMs: number;
  previewMs: number;
  snapshotMs: number;
}

/** Seed 000's selective audience, and a broad one (everyone with an e-mail). */
export const AUDIENCE_CASES: AudienceCase[] = [
  {
    name: 'selective (seed 000: decision makers, blue, under 45, shoe size > 40)',
    config: {
      match: 'all',
      rules: [
        { field: 'attributes.decisionMaker', operator: 'eq', value: true },
        { field: 'attributes.favouriteColour', operator: 'eq', value: 'blue' },
        { field: 'attributes.age', operator: 'lt', value: 45 },
        { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
      ],
    },
    bareSql: `SELECT count(*) FROM contacts c WHERE c.attributes @> '{"decisionMaker": true, "favouriteColour": "blue"}'
              AND (c.attributes->>'age')::numeric < 45 AND (c.attributes->>'shoeSize')::numeric > 40`,
  },
  {
    name: 'broad (everyone with an e-mail)',
    config: { match: 'all', rules: [{ field: 'email', operator: 'exists' }] },
    bareSql: `SELECT count(*) FROM contacts c WHERE c.email IS NOT NULL AND c.email <> ''`,
  },
];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * For each case: a bare count(*) of the hand-written predicate, the compiled preview count,
 * and the real audience activity snapshotting the members into a run (what a campaign does).
 */
export async function benchAudiences(db: Db): Promise<AudienceFigures[]> {
  const flow = await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('bench') RETURNING id`);
  const flowId = flow.rows[0]!.id;
  await db.query(`INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, '{}')`, [flowId]);
  const campaign = await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id) VALUES ('bench', $1) RETURNING id`, [flowId]);
  const activities = createActivities({ db, mailer: { send: () => Promise.reject(new Error('no mail in this bench')), close: async () => undefined }, mailFrom: '', sendConcurrency: 1 });
  const figures: AudienceFigures[] = [];
  for (const audience of AUDIENCE_CASES) {
    await db.query(audience.bareSql); // warm the cache once, so every figure reads warm data
    const [, bareCountMs] = await timed(() => db.query(audience.bareSql));
    const params: unknown[] = [];
    const where = compileAudienceRules(audience.config, params);
    const [preview, previewMs] = await timed(() => db.query<{ count: string }>(`SELECT count(*) FROM contacts c WHERE ${where}`, params));
    const runId = randomUUID();
    await insertRun(db, { id: runId, campaignId: campaign.rows[0]!.id, flowId, flowVersion: 1, workflowId: `bench-${runId}` });
    const [batch, snapshotMs] = await timed<NodeBatchResult>(() =>
      new MockActivityEnvironment().run(activities.runNode, {
        runId,
        node: { id: 'audience', type: 'audience', config: audience.config, position: { x: 0, y: 0 } },
        inputCohortId: null,
        outputs: { out: { cohortId: randomUUID(), targetNodeId: null } },
        mode: 'work' as const,
        state: null,
        visitCap: null,
        batch: { ms: 600_000, members: Number.MAX_SAFE_INTEGER },
      }),
    );
    const result = batch.outputs;
    const matched = Number(preview.rows[0]!.count);
    if (result.out?.count !== matched) throw new Error(`${audience.name}: snapshot ${result.out?.count} ≠ preview ${matched}`);
    figures.push({ name: audience.name, matched, bareCountMs, previewMs, snapshotMs });
  }
  return figures;
}
