import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { segmentsApi, type AudiencePreview, type PreviewSource } from '../api/segments-client';

/** Long enough to let a word be typed, short enough to feel live. */
export const PREVIEW_DEBOUNCE_MS = 350;

export interface LivePreview {
  /** The latest count received (kept while a newer one is on its way, so the number does not flicker). */
  preview: AudiencePreview | null;
  /** A request is waiting or in flight for the current source. */
  busy: boolean;
  error: string | null;
}

/**
 * Count (and sample) the contacts of `source`, again whenever it changes: debounced, and the
 * request for a source that has since changed is aborted so a slow old answer can never
 * overwrite a newer one. `source` null = nothing to count (an unfinished rule).
 */
export function useLivePreview(source: PreviewSource | null): LivePreview {
  const key = source === null ? null : JSON.stringify(source);
  const [state, setState] = useState<LivePreview>({ preview: null, busy: source !== null, error: null });

  useEffect(() => {
    if (key === null) {
      setState((previous) => ({ ...previous, busy: false, error: null }));
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, busy: true }));
    const timer = setTimeout(() => {
      segmentsApi
        .preview(JSON.parse(key) as PreviewSource, controller.signal)
        .then((preview) => {
          if (!controller.signal.aborted) setState({ preview, busy: false, error: null });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setState((previous) => ({ ...previous, busy: false, error: errorMessage(error) }));
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);

  return state;
}
