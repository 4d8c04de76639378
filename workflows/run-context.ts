import { CancellationScope, condition, isCancellation, uuid4, workflowInfo } from '@temporalio/workflow';
import type { BatchLimits, NodeResult } from '../activities/deps';
import { edgeFrom, interpreterHandles, VISIT_LIMIT_HANDLE, type FlowGraph, type FlowNode } from '../flow/graph';
import { nodeOutputs, nodeType } from '../flow/registry';
import { loops } from '../flow/validate';
import type { Arrival, ArrivalActivity, BatchOutputs, CampaignState, CampaignWorkflowInput, PhaseState } from './definitions';

/** Roll history over well before Temporal's limits, even if the server does not suggest it. */
const DEFAULT_MAX_HISTORY_EVENTS = 10_000;
const DEFAULT_BATCH: BatchLimits = { ms: 5_000, members: 5_000 };

/** Runs one arrival to its end (or parks it); provided by campaign.ts, which knows the phase handlers. */
export type ArrivalRunner = (context: RunContext, arrival: Arrival) => Promise<void>;

/**
 * What every phase handler shares within one workflow execution: the graph, pause (owned by
 * each running scope, not read from a flag later), draining for continueAsNew, and the arrivals
 * in flight. Branches are spawned here and each runs its arrival's phase handler.
 */
export class RunContext {
  readonly runId: string;
  readonly graph: FlowGraph;
  readonly batch: BatchLimits;
  private readonly nodes: Map<string, FlowNode>;
  private readonly loopNodes: Set<string>;
  private readonly maxHistoryEvents: number;
  paused: boolean;
  draining = false;
  /** How many `tasksChanged` wake-ups this execution has received. */
  wakes = 0;
  active = 0;
  readonly failures: { nodeId: string; error: unknown }[] = [];
  readonly parked: Arrival[] = [];
  private readonly views = new Map<string, { nodeId: string; phase: ArrivalActivity; releaseAt?: number }>();
  /** Scopes running an activity now, each with whether a pause (not a cancel) interrupted it. */
  private readonly running = new Map<CancellationScope, { pausedOut: boolean }>();

  constructor(
    input: CampaignWorkflowInput,
    private readonly runArrival: ArrivalRunner,
  ) {
    this.runId = input.runId;
    this.graph = input.graph;
    this.batch = { ...DEFAULT_BATCH, ...input.batch };
    this.maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
    this.paused = input.paused ?? false;
    this.nodes = new Map(input.graph.nodes.map((node) => [node.id, node]));
    this.loopNodes = new Set(loops(input.graph.nodes.map((node) => node.id), input.graph.edges).flat());
  }

  node(nodeId: string): FlowNode | undefined {
    return this.nodes.get(nodeId);
  }

  /** Only nodes inside a loop count visits: elsewhere a member cannot come back. */
  inLoop(nodeId: string): boolean {
    return this.loopNodes.has(nodeId);
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const [scope, record] of this.running) {
      record.pausedOut = true;
      scope.cancel();
    }
  }

  resume(): void {
    this.paused = false;
  }

  state(): CampaignState {
    return {
      status: this.draining ? 'draining' : this.paused ? 'paused' : 'running',
      arrivals: [...this.views.entries()].map(([cohortId, view]) => ({ cohortId, ...view })),
    };
  }

  show(arrival: Arrival, phase: ArrivalActivity, releaseAt?: number): void {
    this.views.set(arrival.cohortId, { nodeId: arrival.nodeId, phase, ...(releaseAt === undefined ? {} : { releaseAt }) });
  }

  /** Wait while the run is paused. False when the arrival must park instead (draining). */
  async mayWork(arrival: Arrival): Promise<boolean> {
    if (this.paused) this.show(arrival, 'paused');
    await condition(() => !this.paused || this.draining);
    return !this.draining;
  }

  /**
   * Wait for a wake-up after the `seen`-th, or until `deadline` (epoch ms; null = none).
   * Says which came first; 'drain' when the arrival must park instead.
   */
  async nextWake(seen: number, deadline: number | null): Promise<'wake' | 'deadline' | 'drain'> {
    const woken = () => this.wakes > seen || this.draining;
    if (deadline === null) await condition(woken);
    else if (deadline > Date.now()) await condition(woken, deadline - Date.now());
    if (this.draining) return 'drain';
    return this.wakes > seen ? 'wake' : 'deadline';
  }

  /** Sleep until `at` (epoch ms). False when draining interrupted the sleep before `at`. */
  async sleepUntil(at: number): Promise<boolean> {
    const ms = at - Date.now();
    if (ms > 0) await condition(() => this.draining, ms);
    return Date.now() >= at || !this.draining;
  }

  /**
   * Run `work` (an activity) in its own scope. A pause cancels that scope and marks it, so this
   * returns undefined and the caller runs the batch again on resume — even if resume came before
   * the cancellation landed. Any other cancellation (the run's) and any failure propagate.
   */
  async pausable<T>(work: () => Promise<T>): Promise<T | undefined> {
    const scope = new CancellationScope();
    const record = { pausedOut: false };
    this.running.set(scope, record);
    try {
      return await scope.run(work);
    } catch (error) {
      if (record.pausedOut && isCancellation(error) && !CancellationScope.current().consideredCancelled) return undefined;
      throw error;
    } finally {
      this.running.delete(scope);
    }
  }

  /** Fresh output cohorts for one batch of a node, each pointing where its edge leads. */
  outputsFor(node: FlowNode): BatchOutputs {
    const handles = interpreterHandles(nodeOutputs(node));
    const overCap = nodeType(node.type)?.overCapHandle;
    if (this.inLoop(node.id) && !overCap) handles.push(VISIT_LIMIT_HANDLE);
    return Object.fromEntries(
      handles.map((handle) => [handle, { cohortId: uuid4(), targetNodeId: edgeFrom(this.graph, node.id, handle)?.target ?? null }]),
    );
  }

  /** Every non-empty output cohort with an edge becomes a new arrival at once (batched release). */
  release(outputs: BatchOutputs, result: NodeResult): void {
    for (const [handle, { cohortId, count }] of Object.entries(result)) {
      const target = outputs[handle]?.targetNodeId;
      if (target && count > 0) this.spawn({ nodeId: target, cohortId });
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > this.maxHistoryEvents) this.draining = true;
  }

  /** Keep an arrival, with its phase, for the next execution (continueAsNew). */
  park(arrival: Arrival, phase: PhaseState): void {
    this.parked.push({ nodeId: arrival.nodeId, cohortId: arrival.cohortId, phase });
  }

  spawn(arrival: Arrival): void {
    this.active++;
    this.show(arrival, 'queued');
    this.runArrival(this, arrival)
      .catch((error: unknown) => {
        // The run's own cancellation unwinds every branch; that is not a node failing.
        if (!isCancellation(error)) this.failures.push({ nodeId: arrival.nodeId, error });
      })
      .finally(() => {
        this.views.delete(arrival.cohortId);
        this.active--;
      });
  }
}
