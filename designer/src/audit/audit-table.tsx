import { useEffect, useState } from 'react';
import { auditApi, type AuditEntry } from '../api/audit-client';
import { errorMessage } from '../api/client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { auditQuery, type AuditFilters } from './audit-query';
import { diffLines } from './diff-lines';

/** Lines of a diff shown at once; the rest behind "n more". */
const DIFF_LINES_SHOWN = 3;

type Paging = { status: 'loading' | 'ready'; error: string | null; entries: AuditEntry[]; nextBefore: string | null };

/** The entries matching `filters`, newest first, a page at a time ("Load older" follows `nextBefore`). */
export function AuditTable({ filters }: { filters: AuditFilters }) {
  const [paging, setPaging] = useState<Paging>({ status: 'loading', error: null, entries: [], nextBefore: null });

  const load = async (before: string | null, isCurrent: () => boolean) => {
    setPaging((state) => ({ ...state, status: 'loading', error: null }));
    try {
      const page = await auditApi.list(auditQuery(filters, { before }));
      if (isCurrent()) setPaging((state) => ({ status: 'ready', error: null, entries: [...state.entries, ...page.items], nextBefore: page.nextBefore }));
    } catch (caught) {
      if (isCurrent()) setPaging((state) => ({ ...state, status: 'ready', error: errorMessage(caught) }));
    }
  };

  useEffect(() => {
    let current = true;
    void load(null, () => current);
    return () => {
      current = false;
    };
    // The table is keyed by its filters (audit-page.tsx): it loads its first page once.
  }, []);

  const { status, error, entries, nextBefore } = paging;
  return (
    <>
      <FormError message={error && `Could not load the audit log: ${error}`} />
      {status === 'ready' && !error && entries.length === 0 && <p className="muted">No entries match these filters.</p>}
      {status === 'loading' && entries.length === 0 && <p className="muted">Loading…</p>}
      {entries.length > 0 && (
        <table className="table audit-table" aria-busy={status === 'loading'}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Id</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="table__time">{formatTime(entry.at)}</td>
                <td>
                  {entry.actorLabel}
                  {/* A token or the system says so, unless its label already does ("system"). */}
                  {entry.actorKind !== 'user' && entry.actorLabel !== entry.actorKind && <span className="muted"> ({entry.actorKind})</span>}
                </td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>{entry.entity}</td>
                <td className="audit-table__id">{entry.entityId ?? <span className="muted">—</span>}</td>
                <td>
                  <DiffCell diff={entry.diff} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length > 0 && (
        <nav className="pager" aria-label="Audit pages">
          <span className="pager__count" role="status">
            {status === 'loading' ? 'Loading…' : `${entries.length.toLocaleString('en')} entries${nextBefore ? '' : ', the oldest included'}`}
          </span>
          {nextBefore && (
            <button type="button" className="button" disabled={status === 'loading'} onClick={() => void load(nextBefore, () => true)}>
              Load older
            </button>
          )}
        </nav>
      )}
    </>
  );
}

function DiffCell({ diff }: { diff: unknown }) {
  const lines = diffLines(diff);
  if (lines.length === 0) return <span className="muted">—</span>;
  const shown = lines.slice(0, DIFF_LINES_SHOWN);
  const rest = lines.slice(DIFF_LINES_SHOWN);
  return (
    <div className="audit-diff">
      <ul>
        {shown.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>{rest.length} more</summary>
          <ul>
            {rest.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
