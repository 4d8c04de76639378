import type { Mailer } from '../channels/mailer';
import type { CohortTarget } from '../db/cohorts';
import type { Db } from '../db/pool';
import type { FlowNode } from '../flow/graph';
import type { NodeConfigOf, NodeTypeName } from '../flow/registry';

/** What activities need from the outside world; wired once in worker/. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  /** Mails in flight at once per send activity. */
  sendConcurrency: number;
  /**
   * Where the public links of a mail point (PUBLIC_URL) and the key that signs them
   * (TRACKING_SECRET). Left out (tests, benches), the installation's own secret in the database
   * and http://127.0.0.1:3000 are used (db/tracking-secret.ts).
   */
  tracking?: { publicUrl?: string; secret?: string };
  /** The mailto: of List-Unsubscribe (RFC 2369), e.g. unsubscribe@example.com; default: unsubscribe@ the From domain. */
  unsubscribeMailto?: string;
}

/**
 * What the workflow asks of a node in one batch: `work` (its paged job); for a node that polls,
 * `poll` (move those for whom the condition now holds); for a human gate, `open` (create the
 * tasks) and `settle` (move those whose task is decided); and `timeout` (the deadline passed).
 */
export type NodeMode = 'work' | 'poll' | 'open' | 'settle' | 'timeout';

/** One batch of one arrival of a cohort at a node. */
export interface RunNodeInput {
  runId: string;
  node: FlowNode;
  /** The cohort that arrived (it also names the arrival); null for an entry node. */
  inputCohortId: string | null;
  /** One output cohort per handle, allocated by the workflow for this batch. */
  outputs: Record<string, CohortTarget>;
  mode: NodeMode;
  /** The node's own progress, as the previous batch of this arrival returned it. */
  state: unknown;
  /** Set on an arrival's first batch at a node inside a loop: count visits, send those over it on. */
  visitCap: number | null;
  /** When one batch returns what it finished, so it moves on downstream (batched release). */
  batch: BatchLimits;
  /** Poll mode: epoch ms since when the condition is looked for. */
  since?: number;
}

/** A batch ends after this long or this many members, whichever comes first. */
export interface BatchLimits {
  ms: number;
  members: number;
}

/** Per handle: the cohort the members went into and how many went. */
export type NodeResult = Record<string, { cohortId: string; count: number }>;

/** What a handler says about its arrival after a batch. */
export interface NodeBatch {
  /** Every member of the input cohort has left: the arrival is over. */
  done: boolean;
  /** Progress to hand to the next batch (keyset position, back-off...). */
  state?: unknown;
  /** Nothing can be done before this epoch ms (deferred mails): the workflow sleeps durably. */
  resumeAt?: number;
}

export interface NodeBatchResult extends NodeBatch {
  outputs: NodeResult;
}

/** A batch as a handler sees it: its node typed by the registry, and when to stop. */
export type NodeRun<T extends NodeTypeName> = Omit<RunNodeInput, 'node'> & {
  node: FlowNode<NodeConfigOf<T>> & { type: T };
  /** Epoch ms after which the handler returns what it has (the batch's time budget). */
  deadline: number;
  /** Whether a batch that has handled `members` members should return now (time or size). */
  batchOver(members: number): boolean;
};

export type NodeHandler<T extends NodeTypeName> = (deps: ActivityDeps, run: NodeRun<T>) => Promise<NodeBatch>;

/** One handler per registry type: a type without a handler does not compile. */
export type NodeHandlers = { [T in NodeTypeName]: NodeHandler<T> };
