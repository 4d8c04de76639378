import type { FlowNode } from '../../flow/graph';
import type { Arrival, PhaseState } from '../definitions';
import type { RunContext } from '../run-context';
import { runActivityPhase } from './activity';
import { freshStep, runStep } from './step';

type PollPhase = Extract<PhaseState, { kind: 'poll-until' }>;

/**
 * Engagement may be written a little after it happened, and a member may engage before the
 * workflow has started the wait (its mail went out when the send step moved it, a moment before
 * the wait's arrival is handled): each look, the first too, reaches back this much.
 */
const POLL_OVERLAP_MS = 60_000;

/**
 * `poll-until` nodes (a wait for engagement): every interval one batch moves the members for
 * whom the condition now holds (read from Postgres) to their output, which moves on at once;
 * at the deadline the rest leave by the timeout output. History grows with polls, never with
 * members.
 */
export async function runPollPhase(context: RunContext, arrival: Arrival, node: FlowNode, phase: PollPhase, intervalMs: number): Promise<void> {
  let current = phase;
  for (;;) {
    if (!current.step) {
      const nextAt = Math.min(current.polledUntil + intervalMs, current.deadline);
      context.show(arrival, 'waiting', current.deadline);
      if (!(await context.sleepUntil(nextAt))) return context.park(arrival, current);
      if (Date.now() >= current.deadline) return runActivityPhase(context, arrival, node, { ...freshStep('timeout'), entered: true });
      const entered = current.polledUntil > current.arrivedAt;
      current = { ...current, step: { ...freshStep('poll', current.polledUntil - POLL_OVERLAP_MS), entered } };
    }
    const lookedAt = Date.now();
    const result = await runStep(context, arrival, node, current.step!);
    if (!result) return context.park(arrival, current);
    if (result.done) return;
    current = { kind: 'poll-until', arrivedAt: current.arrivedAt, deadline: current.deadline, polledUntil: lookedAt };
    if (context.draining) return context.park(arrival, current);
  }
}
