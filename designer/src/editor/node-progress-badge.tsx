import { FINISHED_HANDLE } from '../../../flow/graph';
import { useEditor } from './store-context';

/**
 * Counts of the watched run at one node: how many contacts sit here now, and how many left
 * by each output ("sent 250 · failed 0"). Pulses while the run has an arrival here.
 */
export function NodeProgressBadge({ id, outputs }: { id: string; outputs: readonly string[] }) {
  const progress = useEditor((state) => state.progress?.nodes[id]);
  const active = useEditor((state) => state.progress?.workflow?.arrivals.some((arrival) => arrival.nodeId === id) ?? false);
  const watching = useEditor((state) => state.progress !== null);
  if (!watching) return null;

  const handles = outputs.length > 0 ? outputs : [FINISHED_HANDLE];
  const outcomes = progress?.outcomes ?? {};
  const extra = Object.keys(outcomes).filter((handle) => !handles.includes(handle));
  const parts = [...handles, ...extra].map((handle) => `${handle} ${(outcomes[handle] ?? 0).toLocaleString()}`);

  return (
    <div className={active ? 'node-progress node-progress--active' : 'node-progress'} aria-label="Run progress at this node">
      <span className="node-progress__current" title="Contacts at this node now">
        {(progress?.current ?? 0).toLocaleString()} here
      </span>
      <span className="node-progress__outcomes">{parts.join(' · ')}</span>
    </div>
  );
}
