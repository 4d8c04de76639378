import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { templatesApi, type Template } from '../api/templates-client';
import { Link } from '../app/link';
import { navigate } from '../app/router';
import { TemplateEditor } from './template-editor';
import './templates.css';

/** `opened` counts the templates opened here: a new count is a new editor (a fresh draft). */
type Loaded = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; template: Template | null; opened: number };

/**
 * One template in the studio; `templateId` null = a new one. Its first save moves the address to
 * /templates/:id without opening the editor again (the preview's contact and the test send stay).
 */
export function TemplatePage({ templateId }: { templateId: string | null }) {
  const [loaded, setLoaded] = useState<Loaded>(templateId === null ? { status: 'ready', template: null, opened: 0 } : { status: 'loading' });
  const opened = useRef(0);
  // The template this editor saved last: arriving at its address needs no load.
  const held = useRef<string | null>(null);

  useEffect(() => {
    if (templateId !== null && templateId === held.current) return;
    if (templateId === null) {
      held.current = null;
      if (opened.current > 0) setLoaded({ status: 'ready', template: null, opened: ++opened.current });
      return;
    }
    let current = true;
    setLoaded({ status: 'loading' });
    templatesApi
      .get(templateId)
      .then((template) => {
        if (!current) return;
        held.current = template.id;
        setLoaded({ status: 'ready', template, opened: ++opened.current });
      })
      .catch((error: unknown) => current && setLoaded({ status: 'failed', message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, [templateId]);

  if (loaded.status === 'failed') {
    return (
      <div className="page">
        <h1>Cannot open this template</h1>
        <p className="field__error" role="alert">
          {loaded.message}
        </p>
        <Link href="/templates">Back to the templates</Link>
      </div>
    );
  }
  if (loaded.status === 'loading') return <p className="page muted">Loading template…</p>;
  return (
    <TemplateEditor
      key={loaded.opened}
      template={loaded.template}
      onSaved={(saved) => {
        held.current = saved.id;
        if (templateId !== saved.id) navigate(`/templates/${encodeURIComponent(saved.id)}`, { replace: true });
      }}
    />
  );
}
