import { useState, type FormEvent } from 'react';
import { auditExportUrl } from '../api/audit-client';
import { peopleApi } from '../api/people-client';
import { useLoaded } from '../contacts/use-loaded';
import { AuditTable } from './audit-table';
import { auditQuery, NO_FILTERS, type AuditFilters } from './audit-query';
import './audit.css';

/**
 * Who did what and when, newest first: filters (applied with the button, so typing sends no
 * requests), pages of older entries on demand, and the matching entries as CSV.
 */
export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(NO_FILTERS);
  const users = useLoaded(() => peopleApi.listUsers(), []);

  const set = (field: keyof AuditFilters) => (event: { target: { value: string } }) => setDraft({ ...draft, [field]: event.target.value });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
  };

  return (
    <div className="page audit-page">
      <div className="page__header">
        <h1>Audit log</h1>
        <a href={auditExportUrl(auditQuery(applied))} className="button" download>
          Export CSV
        </a>
      </div>
      <form className="audit-filters" aria-label="Filters" onSubmit={apply}>
        <label className="field">
          <span className="field__label">Who</span>
          <select value={draft.actorId} onChange={set('actorId')}>
            <option value="">Anyone</option>
            {users.status === 'ready' &&
              users.value.items.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name} ({user.email})
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Entity</span>
          <input placeholder="e.g. flow, user, contact" maxLength={100} value={draft.entity} onChange={set('entity')} />
        </label>
        <label className="field">
          <span className="field__label">Action</span>
          <input placeholder="e.g. run.start" maxLength={100} value={draft.action} onChange={set('action')} />
        </label>
        <label className="field">
          <span className="field__label">From</span>
          <input type="date" value={draft.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span className="field__label">To</span>
          <input type="date" value={draft.to} onChange={set('to')} />
        </label>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            Apply
          </button>
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      {/* New filters start again from the newest entry: a fresh table, its pages forgotten. */}
      <AuditTable key={JSON.stringify(applied)} filters={applied} />
    </div>
  );
}
