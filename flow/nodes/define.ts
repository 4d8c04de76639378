import type { Static, TSchema } from '@sinclair/typebox';
import type { FlowProblem } from '../problems';

/**
 * How the cohort interpreter runs a node (one phase handler per kind in `workflows/phases/`):
 * - `activity`: paged work in one activity per batch, members released downstream per batch;
 * - `timer`: a durable sleep (a duration or a date), then the members pass through;
 * - `poll-until`: a condition read from Postgres at intervals, members leaving as it holds,
 *   the rest at a timeout (engagement waits);
 * - `human-gate`: waits on people (tasks or an approval), woken by a signal, with a deadline.
 * A kind is added with its handler in `workflows/phases/`.
 */
export type ExecutionKind = 'activity' | 'timer' | 'poll-until' | 'human-gate';

export type NodeCategory = 'audience' | 'message' | 'timing' | 'outcome';

/** A record of another kind a node points at; the API checks each one exists before saving. */
export interface NodeReference {
  kind: 'template' | 'segment' | 'list';
  id: string;
  /** The config field holding the id (where the designer marks the problem). */
  field: string;
}

/** Names the summary may show instead of raw ids. */
export interface SummaryContext {
  templateName(id: string): string | undefined;
}

/**
 * One node type, defined once: everything the designer, the API, the workflow and the
 * activities need to know about it. `flow/registry.ts` lists them all.
 */
export interface NodeModule<T extends string = string, S extends TSchema = TSchema> {
  type: T;
  label: string;
  description: string;
  category: NodeCategory;
  /** Only entry-capable nodes may have no incoming edge. */
  entry: boolean;
  configSchema: S;
  defaultConfig: Static<S>;
  /** Human messages for config fields, by field path: what to do, not what the schema says. */
  fieldHints?: Record<string, string>;
  /** Output handles for a given config (a branch's handles depend on its variants). */
  outputs(config: Static<S>): string[];
  /** Which phase handler runs this node with this config. */
  execution(config: Static<S>): ExecutionKind;
  /**
   * How many times one member may pass this node in one run. Counted only for nodes inside a
   * loop (elsewhere a member cannot come back); members over the cap leave by
   * `overCapHandle` when the node names one, else their journey ends with status `visit_limit`.
   */
  maxVisits: number;
  overCapHandle?: string;
  /** Records this config points at (template, segment, list). */
  references(config: Static<S>): NodeReference[];
  /** One line saying what the node does, for the canvas; must not throw on an invalid config. */
  summary(config: Static<S>, context: SummaryContext): string;
  /** Problems the schema cannot express (run only when the config matches the schema). */
  extraProblems?(nodeId: string, config: Static<S>): FlowProblem[];
}

/** Identity, kept for inference: each module's config type flows to its handler. */
export function defineNode<T extends string, S extends TSchema>(module: NodeModule<T, S>): NodeModule<T, S> {
  return module;
}

/** A node's own visit cap: the config's `maxVisits` when set, else the type's default. */
export const MAX_VISITS_LIMIT = 100;
