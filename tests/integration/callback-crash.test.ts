import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { callbackNode } from '../../flow/nodes/callback';
import { eventually } from '../support/campaign-env';
import { graphOf, startCampaignRun, taggedAudience } from '../support/campaign-harness';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTemporal } from '../support/temporal';

const WORKER_ENTRY = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));
const MEMBERS = 100_000;
/** Killed once this many calls exist: well into the open, far from its end (1,000 per page). */
const KILL_AFTER = 10_000;

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

/** 100,000 contacts tagged `prefix` in one statement (a JSON batch per 5,000 would take far longer). */
async function seedManyContacts(db: Db, prefix: string, count: number): Promise<void> {
  await db.query(
    `INSERT INTO contacts (email, first_name, last_name, language, attributes)
     SELECT $1 || i || '@example.test', 'F' || i, 'L' || i, 'en', jsonb_build_object('cohort', $1::text)
     FROM generate_series(1, $2::int) AS i`,
    [prefix, count],
  );
}

async function callCount(db: Db, runId: string): Promise<number> {
  return (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM tasks WHERE run_id = $1', [runId])).rows[0]!.count;
}

describe('a worker killed while it creates call tasks', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase(), startTemporal()]);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await temporal?.teardown();
    await database?.drop();
  });

  it('is replaced by another worker that finishes, with exactly one call per member', async () => {
    const { db } = database;
    const taskQueue = `callback-crash-${randomUUID()}`;
    // The worker needs a mail server address; nothing in this flow sends mail.
    const workerEnv = { TEST_DATABASE_URL: database.url, TEST_TEMPORAL_ADDRESS: temporal.address, TEST_TASK_QUEUE: taskQueue, TEST_SMTP_URL: 'smtp://127.0.0.1:9' };
    await seedManyContacts(db, 'crash', MEMBERS);
    const first = await startWorkerProcess(workerEnv);
    children.push(first);
    const run = await startCampaignRun(
      db,
      temporal.client,
      taskQueue,
      graphOf(
        [
          { id: 'audience', type: 'audience', config: taggedAudience('crash') },
          { id: 'call', type: 'callback', config: { ...callbackNode.defaultConfig, script: 'Hello' } },
          { id: 'won', type: 'end', config: { finalStatus: 'interested' } },
        ],
        ['audience:out->call', 'call:interested->won'],
      ),
    );

    const atKill = await eventually(async () => {
      const count = await callCount(db, run.runId);
      return count >= KILL_AFTER ? count : 0;
    }, 120_000, `${KILL_AFTER} calls`);
    first.kill('SIGKILL');
    expect(atKill).toBeLessThan(MEMBERS);
    console.log(`worker killed with ${atKill} of ${MEMBERS} calls created`);

    children.push(await startWorkerProcess(workerEnv));
    const restartedAt = Date.now();
    await eventually(async () => (await callCount(db, run.runId)) >= MEMBERS, 180_000, 'every call');
    console.log(`the new worker finished the calls in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);

    const { rows } = await db.query<{ calls: number; contacts: number; arrivals: number }>(
      `SELECT count(*)::int AS calls, count(DISTINCT contact_id)::int AS contacts, count(DISTINCT arrival_id)::int AS arrivals FROM tasks WHERE run_id = $1`,
      [run.runId],
    );
    expect(rows[0]).toEqual({ calls: MEMBERS, contacts: MEMBERS, arrivals: 1 });
    const withoutCall = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM contacts c
       WHERE c.attributes->>'cohort' = 'crash' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.run_id = $1 AND t.contact_id = c.id)`,
      [run.runId],
    );
    expect(withoutCall.rows[0]!.count).toBe(0);
    const twice = await db.query('SELECT contact_id FROM tasks WHERE run_id = $1 GROUP BY contact_id HAVING count(*) > 1 LIMIT 5', [run.runId]);
    expect(twice.rows).toEqual([]);

    // The run waits for its calls; it is still alive on the new worker and can be cancelled.
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  }, 420_000);
});
