import { FINISHED_HANDLE } from '../../../flow/graph';

export interface NodeCounts {
  current: number;
  outcomes: Readonly<Record<string, number>>;
}

/**
 * The two lines of a node's run badge: who is at the node now — "waiting for a person" at a
 * human gate (a review, a call-back), where sitting there means a task is open — and how many
 * left by each output, the node's outputs first ("sent 250 · failed 0"), then any other.
 */
export function nodeProgressText(counts: NodeCounts | undefined, outputs: readonly string[], waitsOnPeople: boolean): { current: string; outcomes: string } {
  const current = (counts?.current ?? 0).toLocaleString();
  const handles = outputs.length > 0 ? outputs : [FINISHED_HANDLE];
  const outcomes = counts?.outcomes ?? {};
  const extra = Object.keys(outcomes).filter((handle) => !handles.includes(handle));
  return {
    current: waitsOnPeople ? `${current} waiting for a person` : `${current} here`,
    outcomes: [...handles, ...extra].map((handle) => `${handle} ${(outcomes[handle] ?? 0).toLocaleString()}`).join(' · '),
  };
}
