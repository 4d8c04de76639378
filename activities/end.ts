import { moveMembers } from '../db/cohorts';
import { FINISHED_HANDLE } from '../flow/graph';
import type { EndConfig } from '../flow/node-types';
import type { NodeHandler } from './deps';

/** Close the journey: members get the End's final status and leave every node. */
export const runEnd: NodeHandler = async ({ db }, { runId, node, inputCohortId, outputs }) => {
  const finished = outputs[FINISHED_HANDLE];
  if (!inputCohortId || !finished) throw new Error(`End ${node.id} needs an input and a finished cohort`);
  await moveMembers(db, {
    runId,
    nodeId: node.id,
    fromCohortId: inputCohortId,
    toCohortId: finished.cohortId,
    handle: FINISHED_HANDLE,
    status: (node.config as EndConfig).finalStatus,
  });
};

/** Pass every member through the node's single output (a Wait, once its time is up). */
export const runPassThrough: NodeHandler = async ({ db }, { runId, node, inputCohortId, outputs }) => {
  const [handle, target] = Object.entries(outputs)[0] ?? [];
  if (!inputCohortId || !handle || !target) throw new Error(`${node.type} ${node.id} needs an input and an output cohort`);
  await moveMembers(db, { runId, nodeId: node.id, fromCohortId: inputCohortId, toCohortId: target.cohortId, handle });
};
