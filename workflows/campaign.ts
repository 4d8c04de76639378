import {
  ActivityCancellationType,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { CampaignActivities } from '../activities';
import { edgeFrom, entryNodes, interpreterHandles, type FlowNode } from '../flow/graph';
import { waitDurationMs, type WaitConfig } from '../flow/node-types';
import { nodeOutputs, nodeType } from '../flow/registry';
import {
  cancelSignal,
  pauseSignal,
  resumeSignal,
  stateQuery,
  type Arrival,
  type ArrivalPhase,
  type CampaignState,
  type CampaignWorkflowInput,
} from './definitions';

/** Node activities page through whole cohorts: long, heartbeating, cancelled only between pages. */
const longRunning = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '24 hours',
  // Activities heartbeat every page (and every 5 s within one long statement): a worker that
  // crashed is noticed after this long, and its activity retried elsewhere.
  heartbeatTimeout: '30 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const short = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Roll history over well before Temporal's limits, even if the server does not suggest it. */
const DEFAULT_MAX_HISTORY_EVENTS = 10_000;

export interface CampaignResult {
  status: 'completed' | 'cancelled';
}

/**
 * The cohort interpreter (DESIGN.md §3): one workflow per campaign run. Members live in
 * Postgres; the workflow only moves cohort ids along edges, so its history grows with the
 * number of nodes visited, never with the audience size.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignResult> {
  try {
    return await interpret(input);
  } catch (error) {
    // Cancelled through Temporal itself (not our cancel signal): still record it.
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => short.setRunStatus(input.runId, 'cancelled'));
    }
    throw error;
  }
}

async function interpret(input: CampaignWorkflowInput): Promise<CampaignResult> {
  const { runId, graph } = input;
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  let paused = input.paused ?? false;
  let cancelled = false;
  let draining = false;
  let activeBranches = 0;
  const phases = new Map<string, Arrival & { phase: ArrivalPhase }>();
  const parked: Arrival[] = [];
  const runningScopes = new Set<CancellationScope>();
  const branchFailures: unknown[] = [];
  let statusInDb: 'running' | 'paused' = 'running';

  setHandler(pauseSignal, () => {
    if (cancelled || paused) return;
    paused = true;
    for (const scope of runningScopes) scope.cancel();
  });
  setHandler(resumeSignal, () => {
    paused = false;
  });
  setHandler(cancelSignal, () => {
    cancelled = true;
    for (const scope of runningScopes) scope.cancel();
  });
  setHandler(stateQuery, (): CampaignState => ({
    status: cancelled ? 'cancelling' : paused ? 'paused' : 'running',
    arrivals: [...phases.values()].map(({ nodeId, cohortId, releaseAt, phase }) => ({ nodeId, cohortId, releaseAt, phase })),
  }));

  const track = (arrival: Arrival, phase: ArrivalPhase) => phases.set(arrival.cohortId, { ...arrival, phase });

  /** Run a node's activity, sitting out pauses; undefined when the run is cancelled or parked. */
  async function runActivity(node: FlowNode, arrival: Arrival & { outputs: NonNullable<Arrival['outputs']> }) {
    for (;;) {
      if (paused) track(arrival, 'paused');
      await condition(() => !paused || cancelled || draining);
      if (cancelled) return undefined;
      if (draining) {
        parked.push(arrival);
        return undefined;
      }
      track(arrival, 'running');
      const scope = new CancellationScope();
      runningScopes.add(scope);
      try {
        return await scope.run(() =>
          longRunning.runNode({ runId, node, inputCohortId: nodeType(node.type)?.entry ? null : arrival.cohortId, outputs: arrival.outputs }),
        );
      } catch (error) {
        if (!isCancellation(error) || !(paused || cancelled)) throw error;
      } finally {
        runningScopes.delete(scope);
      }
    }
  }

  async function processArrival(arrival: Arrival): Promise<void> {
    const node = nodes.get(arrival.nodeId);
    const definition = node && nodeType(node.type);
    if (!node || !definition) throw new Error(`Flow has no runnable node "${arrival.nodeId}"`);
    if (definition.execution === 'wait') {
      const releaseAt = arrival.releaseAt ?? Date.now() + waitDurationMs(node.config as WaitConfig);
      const waiting = { ...arrival, releaseAt };
      track(waiting, 'waiting');
      await condition(() => cancelled || draining, Math.max(0, releaseAt - Date.now()));
      if (cancelled) return;
      if (draining && Date.now() < releaseAt) {
        parked.push(waiting);
        return;
      }
    }
    // Output cohort ids are made here, once, so a re-run after a pause fills the same cohorts.
    const outputs =
      arrival.outputs ??
      Object.fromEntries(
        interpreterHandles(nodeOutputs(node)).map((handle) => [
          handle,
          { cohortId: uuid4(), targetNodeId: edgeFrom(graph, node.id, handle)?.target ?? null },
        ]),
      );
    const result = await runActivity(node, { ...arrival, outputs });
    if (!result) return;
    for (const [handle, { cohortId, count }] of Object.entries(result)) {
      const target = outputs[handle]?.targetNodeId;
      if (target && count > 0) spawn({ nodeId: target, cohortId });
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > maxHistoryEvents) draining = true;
  }

  function spawn(arrival: Arrival): void {
    activeBranches++;
    track(arrival, 'queued');
    processArrival(arrival)
      .catch((error: unknown) => {
        branchFailures.push(error);
      })
      .finally(() => {
        phases.delete(arrival.cohortId);
        activeBranches--;
      });
  }

  /** Keep the run's status in Postgres in step with pause/resume (signals cannot await). */
  async function mirrorPauseState(): Promise<void> {
    for (;;) {
      await condition(() => activeBranches === 0 || (paused ? 'paused' : 'running') !== statusInDb);
      if (activeBranches === 0) return;
      statusInDb = paused ? 'paused' : 'running';
      await short.setRunStatus(runId, statusInDb);
    }
  }

  const pending = input.pending ?? entryNodes(graph).map((node) => ({ nodeId: node.id, cohortId: uuid4() }));
  for (const arrival of pending) spawn(arrival);
  if (paused) await short.setRunStatus(runId, 'paused');
  statusInDb = paused ? 'paused' : 'running';
  const mirror = mirrorPauseState();

  await condition(() => activeBranches === 0 || branchFailures.length > 0);
  if (branchFailures.length > 0) {
    cancelled = true;
    for (const scope of runningScopes) scope.cancel();
    await condition(() => activeBranches === 0);
    await short.setRunStatus(runId, 'failed');
    throw branchFailures[0];
  }
  await mirror;
  if (cancelled) {
    await short.setRunStatus(runId, 'cancelled');
    return { status: 'cancelled' };
  }
  if (parked.length > 0) {
    return continueAsNew<typeof campaignWorkflow>({ runId, graph, pending: parked, paused, maxHistoryEvents: input.maxHistoryEvents });
  }
  await short.setRunStatus(runId, 'completed');
  return { status: 'completed' };
}
