import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import { entryNodes } from '../flow/graph';
import { engagementPollMs, waitDurationMs, waitReleaseAt, type WaitConfig } from '../flow/nodes/wait';
import { reviewDeadlineMs, type ReviewConfig } from '../flow/nodes/review';
import { nodeExecution } from '../flow/registry';
import type { ExecutionKind } from '../flow/nodes/define';
import type { FlowNode } from '../flow/graph';
import { shortActivities } from './activities-proxy';
import { pauseSignal, resumeSignal, stateQuery, tasksChangedSignal, type Arrival, type CampaignResult, type CampaignWorkflowInput } from './definitions';
import { runActivityPhase } from './phases/activity';
import { runHumanGatePhase } from './phases/human-gate';
import { runPollPhase } from './phases/poll-until';
import { freshStep } from './phases/step';
import { runTimerPhase } from './phases/timer';
import { RunContext } from './run-context';

/** How a fresh arrival starts, per execution kind: one small handler each (workflows/phases/). */
const START: { [K in ExecutionKind]: (context: RunContext, arrival: Arrival, node: FlowNode) => Promise<void> } = {
  activity: (context, arrival, node) => runActivityPhase(context, arrival, node, freshStep('work')),
  timer: (context, arrival, node) => runTimerPhase(context, arrival, node, waitReleaseAt(node.config as WaitConfig, Date.now())),
  'poll-until': (context, arrival, node) => {
    const now = Date.now();
    const config = node.config as WaitConfig;
    return runPollPhase(context, arrival, node, { kind: 'poll-until', arrivedAt: now, deadline: now + waitDurationMs(config), polledUntil: now }, engagementPollMs(config));
  },
  'human-gate': (context, arrival, node) => {
    const deadlineMs = reviewDeadlineMs(node.config as ReviewConfig);
    return runHumanGatePhase(context, arrival, node, { kind: 'human-gate', opened: false, deadline: deadlineMs === null ? null : Date.now() + deadlineMs });
  },
};

/** Run one arrival: a fresh one by its node's kind, a parked one from the phase it carries. */
async function runArrival(context: RunContext, arrival: Arrival): Promise<void> {
  const node = context.node(arrival.nodeId);
  const kind = node && nodeExecution(node);
  if (!node || !kind) throw ApplicationFailure.nonRetryable(`The flow has no runnable node "${arrival.nodeId}"`, 'INTERPRETER');
  const phase = arrival.phase;
  if (!phase) return START[kind](context, arrival, node);
  switch (phase.kind) {
    case 'activity':
      return runActivityPhase(context, arrival, node, phase.step);
    case 'timer':
      return runTimerPhase(context, arrival, node, phase.releaseAt);
    case 'poll-until':
      return runPollPhase(context, arrival, node, phase, engagementPollMs(node.config as WaitConfig));
    case 'human-gate':
      return runHumanGatePhase(context, arrival, node, phase);
  }
}

/**
 * The cohort interpreter (DESIGN.md §3): one workflow per campaign run. Members live in
 * Postgres; the workflow only moves cohort ids along edges, batch by batch, so its history
 * grows with nodes and batches, never with the audience size. A node that fails for good fails
 * the run visibly (Temporal: Failed; Postgres: `failed` with the reason); Temporal's own
 * cancellation cancels it (Temporal: Canceled; Postgres: `cancelled`).
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignResult> {
  const context = new RunContext(input, runArrival);
  setHandler(pauseSignal, () => context.pause());
  setHandler(resumeSignal, () => context.resume());
  setHandler(stateQuery, () => context.state());
  setHandler(tasksChangedSignal, () => {
    context.wakes++;
  });
  try {
    await interpret(context, input);
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(async () => {
        await condition(() => context.active === 0);
        await shortActivities.setRunStatus(input.runId, 'cancelled');
      });
    }
    throw error;
  }
  if (context.parked.length > 0) {
    return continueAsNew<typeof campaignWorkflow>({ ...input, pending: context.parked, paused: context.paused });
  }
  await shortActivities.setRunStatus(input.runId, 'completed');
  return { status: 'completed' };
}

async function interpret(context: RunContext, input: CampaignWorkflowInput): Promise<void> {
  const pending = input.pending ?? entryNodes(input.graph).map((node) => ({ nodeId: node.id, cohortId: uuid4() }));
  const branches = new CancellationScope();
  const spawned = branches
    .run(async () => {
      for (const arrival of pending) context.spawn(arrival);
      await condition(() => context.active === 0);
    })
    .catch(unlessCancelled);
  const mirror = mirrorPauseState(context, input).catch(unlessCancelled);
  await condition(() => context.active === 0 || context.failures.length > 0);
  if (context.failures.length > 0) {
    branches.cancel();
    await condition(() => context.active === 0);
    await spawned.catch(() => undefined);
    const { nodeId, error } = context.failures[0]!;
    const message = `Node "${nodeId}" failed: ${describe(error)}`;
    await shortActivities.setRunStatus(input.runId, 'failed', message);
    throw ApplicationFailure.nonRetryable(message, 'NODE_FAILED');
  }
  await spawned;
  await mirror;
}

/** Keep the run's status in Postgres in step with pause/resume (signal handlers cannot await). */
async function mirrorPauseState(context: RunContext, input: CampaignWorkflowInput): Promise<void> {
  let inDb: 'running' | 'paused' = 'running';
  if (context.paused) {
    await shortActivities.setRunStatus(input.runId, 'paused');
    inDb = 'paused';
  }
  for (;;) {
    await condition(() => context.active === 0 || context.failures.length > 0 || (context.paused ? 'paused' : 'running') !== inDb);
    if (context.active === 0 || context.failures.length > 0) return;
    inDb = context.paused ? 'paused' : 'running';
    await shortActivities.setRunStatus(input.runId, inDb);
  }
}

/** A cancelled run unwinds every pending promise; only other errors matter. */
function unlessCancelled(error: unknown): void {
  if (!isCancellation(error)) throw error;
}

/** The innermost message of an activity failure: what the node itself said. */
function describe(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as { message?: string; cause?: unknown };
  return current?.message ?? String(error);
}
