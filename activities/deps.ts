import type { Mailer } from '../channels/mailer';
import type { CohortTarget } from '../db/cohorts';
import type { Db } from '../db/pool';
import type { FlowNode } from '../flow/graph';

/** What activities need from the outside world; wired once in worker/. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  /** Mails in flight at once per send activity. */
  sendConcurrency: number;
}

/** One arrival of a cohort at an activity node. */
export interface RunNodeInput {
  runId: string;
  node: FlowNode;
  /** The cohort that arrived; null for an entry node (the audience creates it). */
  inputCohortId: string | null;
  /** One output cohort per handle, allocated by the workflow. */
  outputs: Record<string, CohortTarget>;
}

/** Per handle: the cohort the members went into and how many went. */
export type NodeResult = Record<string, { cohortId: string; count: number }>;

export type NodeHandler = (deps: ActivityDeps, input: RunNodeInput) => Promise<void>;
