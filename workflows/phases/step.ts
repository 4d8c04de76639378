import type { NodeBatchResult, NodeMode } from '../../activities/deps';
import type { FlowNode } from '../../flow/graph';
import { nodeType, nodeVisitCap } from '../../flow/registry';
import { nodeActivities } from '../activities-proxy';
import type { Arrival, StepState } from '../definitions';
import type { RunContext } from '../run-context';

/** The first batch of an arrival in `mode`: nothing done yet, its visit not yet counted. */
export function freshStep(mode: NodeMode, since?: number): StepState {
  return { mode, entered: false, state: null, ...(since === undefined ? {} : { since }) };
}

/** The step after a batch that returned `result`: same mode, the node's new progress. */
export function nextStep(step: StepState, result: NodeBatchResult): StepState {
  return { mode: step.mode, entered: true, state: result.state ?? null, ...(result.resumeAt === undefined ? {} : { resumeAt: result.resumeAt }) };
}

/**
 * Run one batch of an arrival's node work: wait out a pause, allocate the batch's output
 * cohorts (kept in `step` so a re-run fills the same ones), run the activity, and release what
 * it finished downstream. Undefined when the arrival must park (draining); a pause that
 * interrupts the batch runs it again on resume.
 */
export async function runStep(context: RunContext, arrival: Arrival, node: FlowNode, step: StepState): Promise<NodeBatchResult | undefined> {
  for (;;) {
    if (!(await context.mayWork(arrival))) return undefined;
    const outputs = (step.outputs ??= context.outputsFor(node));
    context.show(arrival, 'running');
    const result = await context.pausable(() =>
      nodeActivities.runNode({
        runId: context.runId,
        node,
        // An entry node (the audience) creates its members: it has no input cohort.
        inputCohortId: nodeType(node.type)?.entry ? null : arrival.cohortId,
        outputs,
        mode: step.mode,
        state: step.state,
        visitCap: !step.entered && context.inLoop(node.id) ? nodeVisitCap(node) : null,
        batch: context.batch,
        ...(step.since === undefined ? {} : { since: step.since }),
      }),
    );
    if (result) {
      context.release(outputs, result.outputs);
      return result;
    }
  }
}
