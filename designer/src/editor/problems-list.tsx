import { useReactFlow } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorStore } from './store-context';

/** What the flow still lacks before it can run (a draft is saved with it), each problem leading to its node. */
export function ProblemsList() {
  const store = useEditorStore();
  const { problems, save } = useEditor(useShallow((state) => ({ problems: state.problems, save: state.save })));
  const { fitView } = useReactFlow();
  if (problems.length === 0) return null;

  const show = (nodeId: string) => {
    store.getState().onNodesChange(store.getState().nodes.map((node) => ({ type: 'select', id: node.id, selected: node.id === nodeId })));
    void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
  };

  return (
    <section className="panel problems" aria-label="Problems">
      <h2 className="panel-title">
        {problems.length} problem{problems.length === 1 ? '' : 's'}
        {save.status === 'refused' ? ': not saved' : ' to fix before it can run'}
      </h2>
      <ul className="problems__list">
        {problems.map(({ nodeId, code, message }, index) => (
          <li key={`${nodeId ?? ''}-${code}-${index}`}>
            {nodeId ? (
              <button type="button" className="link-button" onClick={() => show(nodeId)}>
                {nodeId}
              </button>
            ) : (
              <span className="problems__flow">Flow</span>
            )}{' '}
            {message}
          </li>
        ))}
      </ul>
    </section>
  );
}
