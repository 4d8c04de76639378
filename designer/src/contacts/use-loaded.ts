import { useEffect, useState, type DependencyList } from 'react';
import { errorMessage } from '../api/client';

/**
 * One API read as a page section sees it: still loading (with the value of the load before, so
 * a list can stay on screen while its next page comes), failed (with why), or its value.
 */
export type Loaded<T> = { status: 'loading'; previous?: T } | { status: 'failed'; error: unknown; message: string } | { status: 'ready'; value: T };

/**
 * Run `load` when `deps` change and keep its outcome. An answer that arrives after the deps
 * changed again (or after unmount) is dropped, so a slow old request never overwrites a new one.
 */
export function useLoaded<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState((before) => ({ status: 'loading', previous: before.status === 'ready' ? before.value : before.status === 'loading' ? before.previous : undefined }));
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'failed', error, message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
    // The caller's deps decide when to load again (the same contract as useEffect's).
  }, deps);
  return state;
}
