import { useReactFlow } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FLOW_NAME_MAX } from '../../../contracts/flow';
import { autoLayout } from './layout';
import type { EditorState } from './store';
import { useEditor, useEditorStore } from './store-context';
import { useSaveFlow } from './use-save-flow';

const problemsText = (count: number) => `${count} problem${count === 1 ? '' : 's'}`;

function statusText(state: Pick<EditorState, 'save' | 'dirty' | 'version' | 'problems'>): string {
  switch (state.save.status) {
    case 'saving':
      return 'Saving…';
    case 'refused':
      return `Not saved: ${problemsText(state.problems.length)}`;
    case 'failed':
      return `Save failed: ${state.save.message}`;
    default:
      if (state.dirty) return state.version === null ? 'New flow, not saved yet' : `Version ${state.version} · unsaved changes`;
      if (state.save.status !== 'saved') return `Version ${state.version ?? '—'}`;
      // A draft is saved as it is; it only has to be complete to run.
      return state.problems.length > 0 ? `Draft saved as version ${state.save.version} · ${problemsText(state.problems.length)} to fix before it can run` : `Saved as version ${state.save.version}`;
  }
}

/** Flow name, save status, Auto-layout and Save (also Ctrl+S). */
export function EditorToolbar({ onCreated }: { onCreated: (id: string) => void }) {
  const store = useEditorStore();
  const view = useEditor(useShallow((s) => ({ name: s.name, save: s.save, dirty: s.dirty, version: s.version, problems: s.problems })));
  const save = useSaveFlow(onCreated);
  const { fitView } = useReactFlow();
  const [layingOut, setLayingOut] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  const layout = async () => {
    setLayingOut(true);
    try {
      const { nodes, edges } = store.getState();
      const sized = nodes.map((node) => ({ id: node.id, width: node.measured?.width, height: node.measured?.height }));
      store.getState().applyPositions(await autoLayout(sized, edges));
      requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1, duration: 300 }));
    } finally {
      setLayingOut(false);
    }
  };

  const tone = view.save.status === 'refused' || view.save.status === 'failed' ? 'status--error' : view.dirty || view.problems.length > 0 ? 'status--dirty' : 'status--ok';
  return (
    <div className="toolbar" role="toolbar" aria-label="Flow">
      <input className="toolbar__name" maxLength={FLOW_NAME_MAX} value={view.name} aria-label="Flow name" onChange={(event) => store.getState().setName(event.target.value)} />
      <span role="status" className={`status ${tone}`}>
        {statusText(view)}
      </span>
      <span className="toolbar__spacer" />
      <button type="button" className="button" onClick={() => void layout()} disabled={layingOut}>
        Auto-layout
      </button>
      <button type="button" className="button button--primary" onClick={() => void save()} disabled={view.save.status === 'saving'}>
        Save
      </button>
    </div>
  );
}
