import { OBJECTIVE_MET, TIMEOUT_HANDLE } from '../../../flow/nodes/callback';

/** An outcome key as people read it: "objective met", "no answer"; a deadline's cancel says so. */
export function outcomeLabel(outcome: string): string {
  if (outcome === OBJECTIVE_MET) return 'objective met';
  if (outcome === TIMEOUT_HANDLE) return 'deadline passed';
  return outcome.replaceAll('_', ' ');
}

/** An agent's outcomes as one line, the most frequent first: "interested 2 · no answer 1". */
export function outcomeList(outcomes: Readonly<Record<string, number>>): string {
  return Object.entries(outcomes)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([outcome, count]) => `${outcomeLabel(outcome)} ${count}`)
    .join(' · ');
}
