import { moveMembersInChunks } from '../db/cohorts';
import { engagedContactsSince } from '../db/engagement';
import { dueLocalMembers, nextLocalRelease, type LocalRelease } from '../db/local-release';
import { DEFAULT_WAIT_TIME_ZONE, waitsInContactTimeZone } from '../flow/nodes/wait';
import type { ActivityDeps, NodeBatch, NodeHandler, NodeRun } from './deps';
import { movePaged } from './paged-move';
import { pageDone } from './progress';

const DEFAULT_ENGAGEMENT = ['open', 'click'] as const;
const LOCAL_PAGE_SIZE = 1_000;
/** Never ask to be woken sooner than this: a worker clock ahead of the database's would spin. */
const MIN_LOCAL_SLEEP_MS = 1_000;

/**
 * A Wait's moves; the waiting itself is the workflow's (a durable timer, or polls until a
 * timeout). `work` releases a timer's cohort; `poll` moves those who engaged since the last
 * look to `engaged`; `timeout` sends the rest on by `timeout`. A wait until a local time in each
 * contact's zone runs as an activity node: `work` releases whoever's instant has passed and
 * says when the next one comes (resumeAt), and the workflow sleeps until then.
 */
export const runWait: NodeHandler<'wait'> = async (deps, run) => {
  if (run.mode === 'timeout') return movePaged(deps, run, 'timeout');
  if (run.mode === 'work') return waitsInContactTimeZone(run.node.config) ? releaseLocalTimes(deps, run) : movePaged(deps, run, 'out');
  const engaged = run.outputs.engaged;
  if (!run.inputCohortId || !engaged) throw new Error(`Wait ${run.node.id} needs an input and an "engaged" cohort`);
  const types = run.node.config.events ?? DEFAULT_ENGAGEMENT;
  const contacts = await engagedContactsSince(deps.db, run.runId, types, run.since ?? 0);
  await moveMembersInChunks(
    deps.db,
    { runId: run.runId, nodeId: run.node.id, fromCohortId: run.inputCohortId, toCohortId: engaged.cohortId, handle: 'engaged', contactIds: contacts },
    () => pageDone(null),
  );
  return { done: false };
};

/** Release, page by page, the members whose local time has come; then sleep until the next one's. */
async function releaseLocalTimes({ db }: ActivityDeps, run: NodeRun<'wait'>): Promise<NodeBatch> {
  const out = run.outputs.out;
  if (!run.inputCohortId || !out || !run.node.config.at) throw new Error(`Wait ${run.node.id} needs an input, an "out" cohort and a time`);
  const release: LocalRelease = { cohortId: run.inputCohortId, at: run.node.config.at, defaultZone: run.node.config.timeZone ?? DEFAULT_WAIT_TIME_ZONE };
  let moved = 0;
  for (;;) {
    const due = await dueLocalMembers(db, release, LOCAL_PAGE_SIZE);
    if (due.length === 0) break;
    await moveMembersInChunks(db, { runId: run.runId, nodeId: run.node.id, fromCohortId: run.inputCohortId, toCohortId: out.cohortId, handle: 'out', contactIds: due });
    pageDone(null);
    moved += due.length;
    if (run.batchOver(moved)) return { done: false };
  }
  const next = await nextLocalRelease(db, release);
  return next === null ? { done: true } : { done: false, resumeAt: Math.max(next, Date.now() + MIN_LOCAL_SLEEP_MS) };
}
