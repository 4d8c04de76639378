import { useState, type FormEvent } from 'react';
import { tasksApi } from '../api/tasks-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { useSubmit } from '../app/use-submit';
import { useLoaded } from '../contacts/use-loaded';

const KINDS = [
  { kind: 'call', label: 'Call note' },
  { kind: 'note', label: 'Note' },
  { kind: 'visit', label: 'Visit agreed' },
  { kind: 'follow_up', label: 'To do' },
] as const;

const SHOWN = 8;

/** Log what happened during the call on the contact (linked to the call), and the contact's latest events. */
export function EventLog({ taskId, contactId }: { taskId: string; contactId: string }) {
  const [version, setVersion] = useState(0);
  const events = useLoaded(() => tasksApi.contactEvents(contactId), [contactId, version]);
  const [kind, setKind] = useState<string>('call');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const submit = useSubmit();

  const log = async (event: FormEvent) => {
    event.preventDefault();
    const logged = await submit.run(() => tasksApi.logEvent(taskId, { kind, title: title.trim(), body: body.trim() === '' ? null : body }));
    if (logged) {
      setTitle('');
      setBody('');
      setVersion((before) => before + 1);
    }
  };

  const list = events.status === 'ready' ? events.value.items : events.status === 'loading' ? (events.previous?.items ?? []) : [];
  return (
    <section className="task-section" aria-labelledby="task-events-title">
      <h3 id="task-events-title">Events</h3>
      <form className="task-event-form" onSubmit={(event) => void log(event)} aria-label="Log an event">
        <label className="visually-hidden" htmlFor="task-event-kind">
          Kind
        </label>
        <select id="task-event-kind" value={kind} onChange={(event) => setKind(event.target.value)} disabled={submit.busy}>
          {KINDS.map((option) => (
            <option key={option.kind} value={option.kind}>
              {option.label}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="task-event-title">
          Event
        </label>
        <input id="task-event-title" placeholder="What happened (e.g. back at 3 pm, asks about access)" value={title} onChange={(event) => setTitle(event.target.value)} disabled={submit.busy} maxLength={300} />
        <label className="visually-hidden" htmlFor="task-event-body">
          Details
        </label>
        <textarea id="task-event-body" placeholder="Details (optional)" rows={2} value={body} onChange={(event) => setBody(event.target.value)} disabled={submit.busy} />
        <button type="submit" className="button button--small" disabled={submit.busy || title.trim() === ''}>
          {submit.busy ? 'Logging…' : 'Log event'}
        </button>
      </form>
      <FormError message={submit.error} />
      {events.status === 'failed' && <FormError message={`Could not load the contact's events: ${events.message}`} />}
      {list.length === 0 && events.status === 'ready' && <p className="muted">No events yet.</p>}
      <ul className="task-events" aria-label="Recent events">
        {list.slice(0, SHOWN).map((item) => (
          <li key={item.id}>
            <span className="task-events__kind">{item.kind}</span> <strong>{item.title}</strong>
            {item.body && <span className="task-events__body"> — {item.body}</span>}
            <span className="muted"> · {formatTime(item.occurredAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
