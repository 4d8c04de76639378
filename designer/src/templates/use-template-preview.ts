import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { ProblemsApiError, templatesApi, type TemplateInput, type TemplatePreview } from '../api/templates-client';
import { problemText } from './template-draft';

/** Quiet time after the last keystroke before the unsaved template is rendered again. */
export const TEMPLATE_PREVIEW_DEBOUNCE_MS = 400;

export interface TemplatePreviewState {
  /** The latest rendering received (kept while a newer one is on its way, so the frame does not flash). */
  preview: TemplatePreview | null;
  busy: boolean;
  /** Why the current template cannot be rendered (a syntax error, an unknown field), in the API's words. */
  error: string | null;
}

/**
 * The UNSAVED template rendered for `contactId` (optionally in `language`), again whenever one of
 * them changes: debounced, and a request for a state that has since changed is aborted so a slow
 * old answer never overwrites a newer one. No contact = nothing to render.
 */
export function useTemplatePreview(template: TemplateInput, contactId: string, language: string): TemplatePreviewState {
  const key = contactId ? JSON.stringify({ template, contactId, ...(language ? { language } : {}) }) : null;
  const [state, setState] = useState<TemplatePreviewState>({ preview: null, busy: false, error: null });

  useEffect(() => {
    if (key === null) {
      setState({ preview: null, busy: false, error: null });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, busy: true }));
    const timer = setTimeout(() => {
      templatesApi
        .preview(JSON.parse(key) as Parameters<typeof templatesApi.preview>[0], controller.signal)
        .then((preview) => {
          if (!controller.signal.aborted) setState({ preview, busy: false, error: null });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const why = error instanceof ProblemsApiError && error.items.length > 0 ? error.items.map((item) => (item.field ? `${item.field}: ${problemText(item)}` : problemText(item))).join('; ') : errorMessage(error);
          setState((previous) => ({ ...previous, busy: false, error: why }));
        });
    }, TEMPLATE_PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);

  return state;
}
