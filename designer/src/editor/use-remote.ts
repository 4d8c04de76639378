import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';

export interface Remote<T> {
  /** null while loading, and when loading failed. */
  data: T | null;
  error: string | null;
}

/** Something the API lists, loaded once for a picker; `load` must be a stable (module-level) function. */
export function useRemote<T>(load: () => Promise<T>): Remote<T> {
  const [state, setState] = useState<Remote<T>>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    load()
      .then((data) => current && setState({ data, error: null }))
      .catch((caught: unknown) => current && setState({ data: null, error: errorMessage(caught) }));
    return () => {
      current = false;
    };
  }, [load]);
  return state;
}
