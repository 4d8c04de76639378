import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../db/audit';
import { createCampaign } from '../../db/campaigns';
import { cohortPage, ensureCohorts, moveMembers } from '../../db/cohorts';
import { engagedContactsSince } from '../../db/engagement';
import { createFlow } from '../../db/flows';
import { claimMessages, sendCandidatesPage } from '../../db/messages';
import { draftContactsPage, insertRenderedDrafts } from '../../db/message-drafts';
import { overFrequencyCap, refusedForMail } from '../../db/send-policy';
import { checkSendWindow } from '../../db/send-window';
import type { Queryable } from '../../db/pool';
import { insertRun, runProgress } from '../../db/runs';
import { emptyFlow } from '../../flow/restore';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const MEMBERS = 100_000;

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows every scan of a plan read: returned plus filtered out, times its loops. */
function rowsRead(plan: PlanNode): number {
  const own = plan['Node Type'].includes('Scan')
    ? (plan['Actual Rows'] + (plan['Rows Removed by Filter'] ?? 0) + (plan['Rows Removed by Index Recheck'] ?? 0)) * plan['Actual Loops']
    : 0;
  return own + (plan.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

/**
 * Run `call` against a recorder that keeps each statement it sends, then EXPLAIN ANALYZE each
 * one (inside a rolled-back transaction, so writes leave no trace) and report the rows read.
 */
async function measure(database: TestDatabase, call: (db: Queryable) => Promise<unknown>): Promise<number[]> {
  const statements: { text: string; values: unknown[] }[] = [];
  const client = await database.db.connect();
  const recorder = {
    query: (text: string, values: unknown[] = []) => {
      statements.push({ text, values });
      return client.query(text, values);
    },
  } as unknown as Queryable;
  try {
    await client.query('BEGIN');
    await call(recorder);
    await client.query('ROLLBACK');
    const reads: number[] = [];
    for (const statement of statements) {
      await client.query('BEGIN');
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.values);
      await client.query('ROLLBACK');
      reads.push(rowsRead(rows[0]!['QUERY PLAN'][0].Plan));
      if (process.env.SHOW_PLANS) console.log(statement.text, JSON.stringify(rows[0]!['QUERY PLAN'][0].Plan, ['Node Type', 'Index Name', 'Relation Name', 'Actual Rows', 'Actual Loops', 'Rows Removed by Filter', 'Plans', 'Index Cond', 'Filter'], 1));
    }
    return reads;
  } finally {
    client.release();
  }
}

describe('every paged statement reads O(page) rows on a 100,000-member cohort', () => {
  let database: TestDatabase;
  const runId = randomUUID();
  const cohortId = randomUUID();
  const nextCohortId = randomUUID();
  let ids: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    await db.query(
      `INSERT INTO contacts (email, first_name, last_name) SELECT 'plan' || i || '@example.test', 'F' || i, 'L' || i FROM generate_series(1, $1) AS i`,
      [MEMBERS],
    );
    const flow = await createFlow(db, SYSTEM_ACTOR, { name: 'plans', graph: emptyFlow() });
    const created = await createCampaign(db, SYSTEM_ACTOR, { name: 'plans', flowId: flow.id });
    if (!('campaign' in created)) throw new Error('no campaign');
    await insertRun(db, { id: runId, campaignId: created.campaign.id, flowId: flow.id, flowVersion: 1, workflowId: `plans-${runId}` });
    await ensureCohorts(db, runId, 'audience', { out: { cohortId, targetNodeId: 'send' } });
    await ensureCohorts(db, runId, 'send', { sent: { cohortId: nextCohortId, targetNodeId: 'end' } });
    // A fresh snapshot, not analysed: the paged plans must not depend on statistics.
    await db.query(
      `INSERT INTO campaign_members (run_id, contact_id, cohort_id, message_id)
       SELECT $1, id, $2::uuid, md5($2::text || id::text)::uuid FROM contacts`,
      [runId, cohortId],
    );
    await db.query(
      `INSERT INTO messages (id, arrival_id, run_id, node_id, contact_id, channel, to_address, subject, body_text)
       SELECT md5($2::text || id::text)::uuid, $2::uuid, $1, 'generate', id, 'email', email, 'Hi', 'Hello' FROM contacts`,
      [runId, cohortId],
    );
    ids = (await db.query<{ contact_id: string }>('SELECT contact_id FROM campaign_members WHERE run_id = $1 ORDER BY contact_id', [runId])).rows.map((row) => row.contact_id);
    // Half the cohort already moved on: its dead index entries must not be read again per page.
    await db.query('UPDATE campaign_members SET cohort_id = $2 WHERE run_id = $1 AND contact_id <= $3', [runId, nextCohortId, ids[MEMBERS / 2 - 1]]);
  }, 300_000);
  afterAll(() => database?.drop());

  const middle = () => ids[MEMBERS / 2 - 1]!;
  const nextPage = (size: number) => ids.slice(MEMBERS / 2, MEMBERS / 2 + size);

  /** Rows of pg_timezone_names, an upper bound (Postgres ships about 1,200). */
  const ZONE_CATALOGUE = 2_500;
  it.each([
    ['cohort page (1,000)', 1_000, (db: Queryable) => cohortPage(db, cohortId, middle(), 1_000)],
    ['contacts page for rendering (500)', 500, (db: Queryable) => draftContactsPage(db, cohortId, middle(), 500)],
    ['send candidates page (100)', 100, (db: Queryable) => sendCandidatesPage(db, cohortId, middle(), 100)],
    ['move a page of members (100)', 100, (db: Queryable) => moveMembers(db, { runId, nodeId: 'send', fromCohortId: cohortId, toCohortId: nextCohortId, handle: 'sent', contactIds: nextPage(100) })],
    ['claim a page of messages (100)', 100, async (db: Queryable) => {
      const page = await sendCandidatesPage(db, cohortId, middle(), 100);
      return claimMessages(db, page.map((candidate) => candidate.messageId!));
    }],
    ['insert a page of drafts (500)', 500, (db: Queryable) =>
      insertRenderedDrafts(
        db,
        { runId, nodeId: 'generate', arrivalId: randomUUID(), channel: 'email' },
        nextPage(500).map((id) => ({ contactId: id, toAddress: 'x@example.test', subject: 'S', bodyText: 'B', bodyHtml: '<p>B</p>', language: 'en', headers: {}, links: [], marketing: true })),
      )],
    ['consent at send for a page (100)', 100, (db: Queryable) => refusedForMail(db, runId, nextPage(100))],
    ['frequency cap for a page (100)', 100, (db: Queryable) => overFrequencyCap(db, nextPage(100), { max: 3, days: 7 })],
    // Plus the zone catalogue it is handed (~1,200 names, read once per pool): a constant, not the cohort.
    ['send window for a page (100)', 100 + ZONE_CATALOGUE / 10, (db: Queryable) => checkSendWindow(db, nextPage(100), { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' })],
    ['engagement since the last look', 10, (db: Queryable) => engagedContactsSince(db, runId, ['open', 'click'], Date.now() - 60_000)],
  ])('%s', async (_name, page, call) => {
    const reads = await measure(database, call);
    console.log(`${_name}: rows read per statement ${reads.join(', ')}`);
    // Index, heap and CTE nodes each count a row they touch, so a page is read a few times over:
    // a small constant times the page, never a share of the 100,000 members.
    for (const read of reads) expect(read).toBeLessThanOrEqual(page * 10 + 20);
  });

  it('progress reads counters: O(nodes), whatever the audience', async () => {
    const reads = await measure(database, (db) => runProgress(db as never, runId));
    for (const read of reads) expect(read).toBeLessThanOrEqual(50);
  });
});
