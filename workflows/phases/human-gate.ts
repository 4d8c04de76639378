import type { FlowNode } from '../../flow/graph';
import type { Arrival, PhaseState } from '../definitions';
import type { RunContext } from '../run-context';
import { freshStep, nextStep, runStep } from './step';

type GatePhase = Extract<PhaseState, { kind: 'human-gate' }>;

/** Decisions often come in bursts (a reviewer, an agent closing calls): gather them this long. */
const WAKE_GATHER_MS = 1_000;

/**
 * `human-gate` nodes (review; later call-backs): one batch opens the tasks; then the workflow
 * waits for a `tasksChanged` wake-up or the deadline, and each wake runs a batch that moves the
 * members whose task is decided (they move on at once); at the deadline the node's timeout
 * rule settles the rest. Parked while waiting, the arrival settles once when it resumes, so a
 * decision whose wake-up the previous execution took is not lost.
 */
export async function runHumanGatePhase(context: RunContext, arrival: Arrival, node: FlowNode, phase: GatePhase): Promise<void> {
  let current = phase;
  let seen = context.wakes;
  for (;;) {
    if (!current.step && !current.opened) current = { ...current, step: freshStep('open') };
    if (current.step) {
      // A wake-up that comes while the batch runs is handled by the next wait at once.
      seen = context.wakes;
      const result = await runStep(context, arrival, node, current.step);
      if (!result) return context.park(arrival, current);
      if (result.done) return;
      if (current.step.mode === 'timeout') {
        current = { ...current, step: nextStep(current.step, result) };
        continue;
      }
      current = { kind: 'human-gate', opened: true, deadline: current.deadline };
    }
    const woke = await waitForDecision(context, arrival, current, seen);
    if (woke === 'drain') return context.park(arrival, { ...current, step: { ...freshStep('settle'), entered: true } });
    current = { ...current, step: { ...freshStep(woke === 'wake' ? 'settle' : 'timeout'), entered: true } };
  }
}

async function waitForDecision(context: RunContext, arrival: Arrival, phase: GatePhase, seen: number): Promise<'wake' | 'deadline' | 'drain'> {
  context.show(arrival, 'waiting', phase.deadline ?? undefined);
  const woke = await context.nextWake(seen, phase.deadline);
  if (woke === 'wake' && !(await context.sleepUntil(Date.now() + WAKE_GATHER_MS))) return 'drain';
  return woke;
}
