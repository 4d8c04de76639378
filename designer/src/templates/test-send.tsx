import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { templatesApi, type Template, type TestSendResult } from '../api/templates-client';
import { FormError } from '../app/form-error';
import { useSubmit } from '../app/use-submit';

interface TestSendProps {
  /** The saved template; null while it has never been saved. */
  templateId: string | null;
  /** Unsaved changes: a test sends the saved version, so it saves first. */
  dirty: boolean;
  /** Saves the editor's template; resolves to the saved one, or null when the save was refused. */
  save: () => Promise<Template | null>;
  /** The contact chosen for the preview, rendered in the test too. */
  contactId?: string;
}

/** What the server says when it has nowhere to send. */
const describe = (error: unknown) =>
  error instanceof ApiError && error.code === 'NO_MAILER' ? 'This server has no mail server configured: a test cannot be sent.' : error instanceof Error ? error.message : String(error);

/** "Send test": the saved template to an address, "[Test] " before its subject; saves first when there are changes. */
export function TestSend({ templateId, dirty, save, contactId }: TestSendProps) {
  const inputId = useId();
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<TestSendResult | null>(null);
  const { busy, error, setError, run } = useSubmit(describe);
  const mustSave = dirty || templateId === null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    if (!/^[^\s@]+@[^\s@]+$/.test(to.trim())) return setError('Write the address the test goes to');
    await run(async () => {
      let id = templateId;
      if (mustSave) {
        const saved = await save();
        if (!saved) throw new Error('The template was not saved: fix what the editor shows, then send again');
        id = saved.id;
      }
      if (id === null) return;
      setSent(await templatesApi.testSend(id, { to: to.trim(), ...(contactId ? { contactId } : {}) }));
    });
  };

  return (
    <form className="template-test-send" aria-label="Test send" onSubmit={(event) => void submit(event)}>
      <h2>Test send</h2>
      <div className="inline-form">
        <label className="visually-hidden" htmlFor={inputId}>
          Send a test to
        </label>
        <input id={inputId} type="email" placeholder="you@example.com" value={to} onChange={(event) => setTo(event.target.value)} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Sending…' : mustSave ? 'Save and send test' : 'Send test'}
        </button>
      </div>
      {mustSave && <p className="field__hint">A test sends the saved template: the changes are saved first.</p>}
      {sent && (
        <p className="status status--ok" role="status">
          Test sent to {sent.to} ({sent.language}): “{sent.subject}”
        </p>
      )}
      <FormError message={error} />
    </form>
  );
}
