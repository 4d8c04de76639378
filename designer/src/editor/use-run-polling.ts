import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { isFinished } from './run-actions';
import { useEditor, useEditorStore } from './store-context';

export const RUN_POLL_MS = 1_000;

/**
 * While a run is watched, fetch its progress every second into the store (the nodes show
 * it) until it has finished. Returns the last polling error, if the latest poll failed.
 */
export function useRunPolling(): string | null {
  const store = useEditorStore();
  const runId = useEditor((state) => state.runId);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const progress = await api.getRun(runId);
        if (stopped) return;
        store.getState().setProgress(progress);
        setError(null);
        if (isFinished(progress)) return;
      } catch (caught) {
        if (stopped) return;
        setError(errorMessage(caught));
      }
      timer = setTimeout(() => void poll(), RUN_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId, store]);

  return error;
}
