import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { FlowGraph } from '../flow/graph';
import type { BatchLimits, NodeMode } from '../activities/deps';

/**
 * The campaign workflow's public surface: its type name, id scheme, input, signals and query.
 * The API and the tests import these constants; nobody writes the strings twice. Cancelling a
 * run is Temporal's own cancellation (`handle.cancel()`), so Temporal shows it as Canceled.
 */
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

export function workflowIdForRun(runId: string): string {
  return `campaign-run-${runId}`;
}

/** Output cohorts allocated for one batch: per handle, the cohort and the node its edge leads to. */
export type BatchOutputs = Record<string, { cohortId: string; targetNodeId: string | null }>;

/** Where one arrival's node work stands between two batches. */
export interface StepState {
  mode: NodeMode;
  /** The arrival's visit was counted (its first batch ran). */
  entered: boolean;
  /** The node's own progress (keyset position, back-off), as its last batch returned it. */
  state: unknown;
  /**
   * Output cohorts of the batch not yet reported: a batch interrupted by a pause may have filled
   * them partly, so running it again (after resume or continueAsNew) must fill the same ones.
   */
  outputs?: BatchOutputs;
  /** Epoch ms before which the node has nothing to do (deferred mails). */
  resumeAt?: number;
  /** Poll mode: look for the condition since this epoch ms. */
  since?: number;
}

/**
 * Each phase handler's own state, serialised into its arrival so continueAsNew, pause and
 * resume carry it: a wait parked at a history rollover keeps its release time.
 */
export type PhaseState =
  | { kind: 'activity'; step: StepState }
  | { kind: 'timer'; releaseAt: number }
  | { kind: 'poll-until'; arrivedAt: number; deadline: number; polledUntil: number; step?: StepState }
  | { kind: 'human-gate'; opened: boolean; deadline: number | null; step?: StepState };

export interface Arrival {
  nodeId: string;
  /** The cohort that arrived; it also names the arrival (messages and visits are keyed by it). */
  cohortId: string;
  /** Absent on a fresh arrival: the node's phase handler starts it. */
  phase?: PhaseState;
}

export interface CampaignWorkflowInput {
  runId: string;
  graph: FlowGraph;
  /** Set only by continueAsNew: the arrivals still pending when history was rolled over. */
  pending?: Arrival[];
  paused?: boolean;
  /** History length after which the run continues as new (default 10,000; tests lower it). */
  maxHistoryEvents?: number;
  /** When an activity batch releases what it finished (default 5 s or 5,000 members). */
  batch?: Partial<BatchLimits>;
}

/** What an arrival is doing now, for people. */
export type ArrivalActivity = 'queued' | 'running' | 'waiting' | 'paused';

export interface ArrivalView {
  nodeId: string;
  cohortId: string;
  phase: ArrivalActivity;
  /** Epoch ms at which a wait releases the cohort (or a deferred send tries again). */
  releaseAt?: number;
}

export interface CampaignState {
  status: 'running' | 'paused' | 'draining';
  arrivals: ArrivalView[];
}

export interface CampaignResult {
  status: 'completed';
}

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const stateQuery = defineQuery<CampaignState>('state');
/**
 * Wake-up for the human gates: some task of the run changed (a review approved, a call closed).
 * It carries nothing: the workflow reads what changed from Postgres.
 */
export const tasksChangedSignal = defineSignal('tasksChanged');
