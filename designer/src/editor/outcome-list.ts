import { callbackNode, OutcomeSchema, type CallbackConfig, type Outcome } from '../../../flow/nodes/callback';
import { freeName, keyFromLabel } from './list-edits';

const KEY_PATTERN = new RegExp(OutcomeSchema.properties.key.pattern ?? '^[a-z][a-z0-9_]*$');

/**
 * Why `key` cannot name outcome `index` of `outcomes`, or null when it can: the node's own rule
 * (reserved outputs such as "timeout", names used twice) asked of the node module itself, so the
 * inspector refuses exactly what the save would, in the same words.
 */
export function outcomeKeyProblem(outcomes: readonly Outcome[], index: number, key: string): string | null {
  if (!KEY_PATTERN.test(key)) return 'Use lower-case letters, digits and _, starting with a letter (at most 40)';
  const candidate = outcomes.map((outcome, i) => (i === index ? { ...outcome, key } : outcome));
  const config: CallbackConfig = { ...callbackNode.defaultConfig, questions: [], outcomes: candidate };
  const found = callbackNode.extraProblems?.('outcome-check', config).find((problem) => problem.field === `outcomes.${index}.key`);
  return found ? found.message.replace(/^Call-back: /, '') : null;
}

export type OutcomeEdit = { ok: true; outcomes: Outcome[] } | { ok: false; message: string };

/** Outcome `index` renamed to `key`, or the reason it may not be. */
export function renameOutcome(outcomes: readonly Outcome[], index: number, key: string): OutcomeEdit {
  const problem = outcomeKeyProblem(outcomes, index, key);
  if (problem) return { ok: false, message: problem };
  return { ok: true, outcomes: outcomes.map((outcome, i) => (i === index ? { ...outcome, key } : outcome)) };
}

/** A new outcome at the end, named after its label when that is free ("Call later" → call_later). */
export function addOutcome(outcomes: readonly Outcome[], label = 'New outcome'): Outcome[] {
  const wanted = keyFromLabel(label);
  const key = wanted && outcomeKeyProblem([...outcomes, { key: wanted, label, reached: true }], outcomes.length, wanted) === null ? wanted : freeName('outcome', outcomes.map((o) => o.key));
  return [...outcomes, { key, label, reached: true }];
}
