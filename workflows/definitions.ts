import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { FlowGraph } from '../flow/graph';

/**
 * The campaign workflow's public surface: its type name, id scheme, input, signals and query.
 * The API and the tests import these constants; nobody writes the strings twice.
 */
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

export function workflowIdForRun(runId: string): string {
  return `campaign-run-${runId}`;
}

export interface Arrival {
  nodeId: string;
  cohortId: string;
  /** Epoch ms at which a wait node releases this cohort (carried across continueAsNew). */
  releaseAt?: number;
  /**
   * Output cohorts already allocated for this arrival: an activity interrupted by a pause may
   * have filled them partly, so a continued run must keep filling the same ones.
   */
  outputs?: Record<string, { cohortId: string; targetNodeId: string | null }>;
}

export interface CampaignWorkflowInput {
  runId: string;
  graph: FlowGraph;
  /** Set only by continueAsNew: the arrivals still pending when history was rolled over. */
  pending?: Arrival[];
  paused?: boolean;
  /** History length after which the run continues as new (default 10,000; tests lower it). */
  maxHistoryEvents?: number;
}

export type ArrivalPhase = 'queued' | 'running' | 'waiting' | 'paused';

export interface CampaignState {
  status: 'running' | 'paused' | 'cancelling' | 'completed' | 'cancelled';
  arrivals: (Arrival & { phase: ArrivalPhase })[];
}

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal('cancel');
export const stateQuery = defineQuery<CampaignState>('state');
