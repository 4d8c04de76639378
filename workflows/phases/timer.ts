import type { FlowNode } from '../../flow/graph';
import type { Arrival } from '../definitions';
import type { RunContext } from '../run-context';
import { runActivityPhase } from './activity';
import { freshStep } from './step';

/**
 * `timer` nodes (a wait for a duration or until a date): a durable sleep until the release
 * time fixed on arrival — kept in the phase, so a rollover does not restart the wait — then
 * the members pass through in batches. Waits keep counting while the run is paused.
 */
export async function runTimerPhase(context: RunContext, arrival: Arrival, node: FlowNode, releaseAt: number): Promise<void> {
  context.show(arrival, 'waiting', releaseAt);
  if (!(await context.sleepUntil(releaseAt))) return context.park(arrival, { kind: 'timer', releaseAt });
  return runActivityPhase(context, arrival, node, freshStep('work'));
}
