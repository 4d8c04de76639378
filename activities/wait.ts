import { moveMembersInChunks } from '../db/cohorts';
import { engagedContactsSince } from '../db/engagement';
import type { NodeHandler } from './deps';
import { movePaged } from './paged-move';
import { pageDone } from './progress';

const DEFAULT_ENGAGEMENT = ['open', 'click'] as const;

/**
 * A Wait's moves; the waiting itself is the workflow's (a durable timer, or polls until a
 * timeout). `work` releases a timer's cohort; `poll` moves those who engaged since the last
 * look to `engaged`; `timeout` sends the rest on by `timeout`.
 */
export const runWait: NodeHandler<'wait'> = async (deps, run) => {
  if (run.mode === 'timeout') return movePaged(deps, run, 'timeout');
  if (run.mode === 'work') return movePaged(deps, run, 'out');
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
