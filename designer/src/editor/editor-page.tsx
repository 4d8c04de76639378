import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { emptyFlow, restoreFlow } from '../../../flow/restore';
import { api, errorMessage } from '../api/client';
import { Link } from '../app/link';
import { navigate } from '../app/router';
import { EditorToolbar } from './editor-toolbar';
import { FlowCanvas } from './flow-canvas';
import { Inspector } from './inspector';
import { Palette } from './palette';
import { ProblemsList } from './problems-list';
import { RunPanel } from './run-panel';
import { createEditorStore, type EditorStore } from './store';
import { EditorStoreProvider } from './store-context';

type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; store: EditorStore };

/** Open a saved flow (`flowId`) or start a new, unsaved one; the first save gives it an id. */
export function EditorPage({ flowId, newName }: { flowId: string | null; newName: string | null }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    // The first save of a new flow moves the URL to /flows/:id: that is the same flow, keep it.
    if (loaded.status === 'ready' && flowId !== null && loaded.store.getState().flowId === flowId) return;
    if (flowId === null) {
      setLoaded({ status: 'ready', store: createEditorStore(emptyFlow(), { flowId: null, name: newName?.trim() || 'Untitled flow', version: null }) });
      return;
    }
    let current = true;
    setLoaded({ status: 'loading' });
    api
      .getFlow(flowId)
      .then((record) => {
        if (!current) return;
        const restored = restoreFlow(record.graph);
        if (!restored.ok) {
          setLoaded({ status: 'failed', message: restored.problems.map((problem) => problem.message).join('; ') });
          return;
        }
        const opened = createEditorStore(restored.graph, { flowId: record.id, name: record.name, version: record.version });
        // A draft opens with what it still lacks before it can run.
        if (record.problems.length > 0) opened.getState().showProblems(record.problems);
        setLoaded({ status: 'ready', store: opened });
      })
      .catch((error: unknown) => current && setLoaded({ status: 'failed', message: errorMessage(error) }));
    return () => {
      current = false;
    };
    // `loaded` is read only to recognise the flow just created: it is not a dependency.
  }, [flowId, newName]);

  const store = loaded.status === 'ready' ? loaded.store : null;
  useEffect(() => {
    if (!store) return;
    api
      .listTemplates()
      .then((templates) => store.getState().setTemplates(templates))
      .catch(() => undefined); // The picker then offers only the current id; saving still validates.
  }, [store]);

  // Leaving the page (reload, another site) with unsaved edits asks first.
  useEffect(() => {
    if (!store) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (store.getState().dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);

  const onCreated = useCallback((id: string) => navigate(`/flows/${encodeURIComponent(id)}`, { replace: true }), []);

  if (loaded.status === 'loading') return <p className="page muted">Loading flow…</p>;
  if (loaded.status === 'failed') {
    return (
      <div className="page">
        <h1>Cannot open this flow</h1>
        <p className="field__error" role="alert">
          {loaded.message}
        </p>
        <Link href="/">Back to the flows</Link>
      </div>
    );
  }
  return (
    <EditorStoreProvider store={loaded.store}>
      <ReactFlowProvider>
        <div className="editor">
          <EditorToolbar onCreated={onCreated} />
          <div className="editor__body">
            <Palette />
            <FlowCanvas />
            <div className="editor__side">
              <ProblemsList />
              <Inspector />
              <RunPanel />
            </div>
          </div>
        </div>
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
