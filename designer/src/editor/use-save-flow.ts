import { useCallback } from 'react';
import { validateFlow } from '../../../flow/validate';
import { ApiError, api, errorMessage } from '../api/client';
import { toGraph } from './convert';
import { useEditorStore } from './store-context';

/**
 * Save the open flow: validated here first (the same `validateFlow` the API runs), then
 * created (first save) or updated; a 422 from the server puts its problems on the nodes.
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
    const problems = validateFlow(graph);
    if (problems.length > 0) {
      state.showProblems(problems, 'designer');
      return;
    }
    const name = state.name.trim();
    const snapshot = JSON.stringify([state.name, graph]);
    state.saveStarted();
    try {
      const saved = state.flowId ? await api.updateFlow(state.flowId, name, graph) : await api.createFlow(name, graph);
      const now = store.getState();
      now.saveSucceeded({ id: saved.id, name: now.name, version: saved.version });
      // Edits made while the request was in flight are not in this version.
      if (JSON.stringify([now.name, toGraph(now.nodes, now.edges)]) !== snapshot) store.setState({ dirty: true });
      if (!state.flowId) onCreated(saved.id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.problems.length > 0) {
        store.getState().showProblems(error.problems, 'server');
      } else {
        store.getState().saveFailed(errorMessage(error));
      }
    }
  }, [store, onCreated]);
}
