import { useCallback } from 'react';
import { validateFlow } from '../../../flow/validate';
import { ApiError, api, errorMessage } from '../api/client';
import { toGraph } from './convert';
import { useEditorStore } from './store-context';

/**
 * Save the open flow, created (first save) or updated, even unfinished: the server keeps it as
 * a draft and answers with the problems it still has, which go onto the nodes (only starting a
 * run needs none). A 422 (not a flow document at all) puts its problems on the nodes too.
 * `onCreated` hears the id the first save gave the flow.
 */
export function useSaveFlow(onCreated: (id: string) => void): () => Promise<void> {
  const store = useEditorStore();
  return useCallback(async () => {
    const state = store.getState();
    if (state.save.status === 'saving') return;
    if (!state.name.trim()) {
      state.saveFailed('give the flow a name');
      return;
    }
    const graph = toGraph(state.nodes, state.edges);
    const name = state.name.trim();
    const snapshot = JSON.stringify([state.name, graph]);
    state.saveStarted();
    try {
      const saved = state.flowId ? await api.updateFlow(state.flowId, name, graph) : await api.createFlow(name, graph);
      const now = store.getState();
      now.saveSucceeded({ id: saved.id, name: now.name, version: saved.version, problems: saved.problems });
      // Edits made while the request was in flight are not in this version (nor in its problems).
      const current = toGraph(now.nodes, now.edges);
      if (JSON.stringify([now.name, current]) !== snapshot) {
        store.getState().showProblems(validateFlow(current));
        store.setState({ dirty: true });
      }
      if (!state.flowId) onCreated(saved.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.problems.length > 0) {
        store.getState().saveRefused(error.problems);
      } else {
        store.getState().saveFailed(errorMessage(error));
      }
    }
  }, [store, onCreated]);
}
