import type { FlowNode } from '../../flow/graph';
import type { Arrival, StepState } from '../definitions';
import type { RunContext } from '../run-context';
import { nextStep, runStep } from './step';

/**
 * `activity` nodes (audience, generate, send, end, a released wait): batch after batch until
 * the node says its cohort is empty. Each batch's finished members move on at once; when the
 * node has nothing to do before a time (deferred mails), the workflow sleeps durably until then.
 */
export async function runActivityPhase(context: RunContext, arrival: Arrival, node: FlowNode, first: StepState): Promise<void> {
  let step = first;
  for (;;) {
    if (step.resumeAt !== undefined) {
      context.show(arrival, 'waiting', step.resumeAt);
      if (!(await context.sleepUntil(step.resumeAt))) return context.park(arrival, { kind: 'activity', step });
    }
    const result = await runStep(context, arrival, node, step);
    if (!result) return context.park(arrival, { kind: 'activity', step });
    if (result.done) return;
    step = nextStep(step, result);
    if (context.draining) return context.park(arrival, { kind: 'activity', step });
  }
}
