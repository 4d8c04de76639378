import { nodeProgressText } from './node-progress';
import { useEditor } from './store-context';

interface BadgeProps {
  id: string;
  outputs: readonly string[];
  /** A human gate (review, call-back): contacts here wait for a person's task. */
  waitsOnPeople: boolean;
}

/**
 * Counts of the watched run at one node: how many contacts sit here now (waiting for a person
 * at a review or a call-back), and how many left by each output ("sent 250 · failed 0").
 * Pulses while the run has an arrival here.
 */
export function NodeProgressBadge({ id, outputs, waitsOnPeople }: BadgeProps) {
  const progress = useEditor((state) => state.progress?.nodes[id]);
  const active = useEditor((state) => state.progress?.workflow?.arrivals.some((arrival) => arrival.nodeId === id) ?? false);
  const watching = useEditor((state) => state.progress !== null);
  if (!watching) return null;

  const text = nodeProgressText(progress, outputs, waitsOnPeople);
  return (
    <div className={active ? 'node-progress node-progress--active' : 'node-progress'} aria-label="Run progress at this node">
      <span className="node-progress__current" title={waitsOnPeople ? 'Contacts whose review or call is still open' : 'Contacts at this node now'}>
        {text.current}
      </span>
      <span className="node-progress__outcomes">{text.outcomes}</span>
    </div>
  );
}
