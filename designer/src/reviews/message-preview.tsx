import { useState, type FormEvent } from 'react';
import { reviewApi, type ReviewMessage } from '../api/review-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { useSubmit } from '../app/use-submit';
import { SubmitRow } from './submit-row';

type Mode = 'read' | 'edit' | 'exclude';

/**
 * The selected message as the contact will receive it, with what the reviewer can do to it while
 * the review is open: edit it inline (the edit is sent; the original stays shown below) or
 * exclude its contact with a reason. `onChanged` reloads the list and the counts.
 */
export function MessagePreview({ reviewId, message, open, onChanged }: { reviewId: string; message: ReviewMessage | undefined; open: boolean; onChanged: () => void }) {
  const [mode, setMode] = useState<Mode>('read');
  if (!message) {
    return (
      <section className="message-preview message-preview--empty" aria-label="Selected message">
        <p className="muted">Select a message to read it.</p>
      </section>
    );
  }
  const excluded = message.status === 'excluded';
  const done = () => {
    setMode('read');
    onChanged();
  };
  return (
    <section className="message-preview" aria-label="Selected message">
      <dl className="message-preview__headers">
        <dt>To</dt>
        <dd>
          {message.contactName ? `${message.contactName} <${message.toAddress}>` : message.toAddress}
        </dd>
        {message.edited && (
          <>
            <dt>Edited</dt>
            <dd>
              <span className="review-badge review-badge--edited">edited</span> {message.edited.by ? `by ${message.edited.by}, ` : ''}
              {formatTime(message.edited.at)}
            </dd>
          </>
        )}
        {excluded && (
          <>
            <dt>Excluded</dt>
            <dd>
              <span className="review-badge review-badge--excluded">excluded</span> {message.excludedBecause}
            </dd>
          </>
        )}
      </dl>
      {mode === 'edit' ? (
        <EditForm key={message.id} reviewId={reviewId} message={message} onSaved={done} onCancel={() => setMode('read')} />
      ) : (
        <>
          <h2 className="message-preview__subject">{message.subject || '(no subject)'}</h2>
          <pre className="message-preview__body">{message.bodyText}</pre>
        </>
      )}
      {mode === 'exclude' && <ExcludeForm key={message.id} reviewId={reviewId} message={message} onExcluded={done} onCancel={() => setMode('read')} />}
      {mode === 'read' && open && !excluded && (
        <div className="button-row">
          <button type="button" className="button" onClick={() => setMode('edit')}>
            Edit
          </button>
          <button type="button" className="button button--danger" onClick={() => setMode('exclude')}>
            Exclude…
          </button>
        </div>
      )}
      {message.original && (
        <details className="message-preview__original">
          <summary>Original (as generated)</summary>
          <h3>{message.original.subject || '(no subject)'}</h3>
          <pre className="message-preview__body">{message.original.bodyText}</pre>
        </details>
      )}
    </section>
  );
}

function EditForm({ reviewId, message, onSaved, onCancel }: { reviewId: string; message: ReviewMessage; onSaved: () => void; onCancel: () => void }) {
  const [subject, setSubject] = useState(message.subject ?? '');
  const [body, setBody] = useState(message.bodyText);
  const { busy, error, setError, run } = useSubmit();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') return setError('The text cannot be empty: exclude the contact instead if nothing should go.');
    if (await run(() => reviewApi.edit(reviewId, message.id, { subject: message.subject === null && subject === '' ? null : subject, body }))) onSaved();
  };
  return (
    <form className="message-edit" aria-label="Edit message" aria-busy={busy} onSubmit={(event) => void save(event)}>
      <label className="field">
        <span className="field__label">Subject</span>
        <input value={subject} maxLength={998} disabled={busy} onChange={(event) => setSubject(event.target.value)} />
      </label>
      <label className="field">
        <span className="field__label">Text</span>
        <textarea value={body} rows={12} maxLength={100_000} disabled={busy} autoFocus onChange={(event) => setBody(event.target.value)} />
      </label>
      <FormError message={error} />
      <SubmitRow busy={busy} label="Save" busyLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}

function ExcludeForm({ reviewId, message, onExcluded, onCancel }: { reviewId: string; message: ReviewMessage; onExcluded: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();
  const exclude = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => reviewApi.exclude(reviewId, [message.id], reason.trim()))) onExcluded();
  };
  return (
    <form className="message-exclude" aria-label="Exclude contact" aria-busy={busy} onSubmit={(event) => void exclude(event)}>
      <label className="field">
        <span className="field__label">Why must this message not go?</span>
        <input value={reason} required maxLength={500} disabled={busy} autoFocus onChange={(event) => setReason(event.target.value)} />
      </label>
      <FormError message={error} />
      <SubmitRow busy={busy} label="Exclude" busyLabel="Excluding…" danger disabled={reason.trim() === ''} onCancel={onCancel} />
    </form>
  );
}
