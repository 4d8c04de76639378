import { useCallback, useState } from 'react';
import { CONTACTS_EXPORT_URL, crm } from '../api/crm-client';
import { Link } from '../app/link';
import { navigate, useLocation } from '../app/router';
import { ContactSearch } from './contact-search';
import { ContactTable } from './contact-table';
import { useLoaded } from './use-loaded';
import './contacts.css';

/** Contacts per page: a screenful, far under the API's limit of 500. */
export const CONTACTS_PAGE_SIZE = 50;

/**
 * Every contact, a page at a time, searchable by part of a name or e-mail (the search lives in
 * the URL as `?q=`). The API pages by cursor, which only goes forward, so the page keeps the
 * cursors it followed as a stack: Next pushes one, Previous pops one.
 */
export function ContactListPage() {
  const query = (useLocation().searchParams.get('q') ?? '').trim();
  const [paging, setPaging] = useState<{ query: string; cursors: string[] }>({ query, cursors: [] });
  // A new search starts again from the first page (state adjusted while rendering, not in an effect).
  const cursors = paging.query === query ? paging.cursors : [];
  if (paging.query !== query) setPaging({ query, cursors });
  const after = cursors[cursors.length - 1];

  const listing = useLoaded(() => crm.listContacts({ q: query || undefined, limit: CONTACTS_PAGE_SIZE, after }), [query, after]);
  const page = listing.status === 'ready' ? listing.value : listing.status === 'loading' ? listing.previous : undefined;

  const search = useCallback((next: string) => navigate(next ? `/contacts?q=${encodeURIComponent(next)}` : '/contacts', { replace: true }), []);
  const first = cursors.length * CONTACTS_PAGE_SIZE + 1;

  return (
    <div className="page contacts-page">
      <div className="page__header">
        <h1>Contacts</h1>
        <ContactSearch query={query} onSearch={search} />
        <div className="contacts-page__actions">
          <Link href="/import" className="button">
            Import
          </Link>
          <a href={CONTACTS_EXPORT_URL} className="button" download>
            Export CSV
          </a>
        </div>
      </div>

      {listing.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the contacts: {listing.message}
        </p>
      )}
      {listing.status === 'loading' && !page && <p className="muted">Loading…</p>}
      {page && page.items.length === 0 && cursors.length === 0 && (
        <p className="muted">
          {query ? `No contact matches “${query}”.` : 'No contacts yet. '}
          {!query && <Link href="/import">Import a CSV file</Link>}
        </p>
      )}
      {page && (page.items.length > 0 || cursors.length > 0) && (
        <>
          <ContactTable contacts={page.items} busy={listing.status === 'loading'} />
          <nav className="pager" aria-label="Contact pages">
            <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setPaging({ query, cursors: cursors.slice(0, -1) })}>
              Previous
            </button>
            <span className="pager__count" role="status">
              {listing.status === 'loading' ? 'Loading…' : rowsShown(first, page.items.length, query)}
            </span>
            <button
              type="button"
              className="button"
              disabled={!page.nextCursor || listing.status !== 'ready'}
              onClick={() => page.nextCursor && setPaging({ query, cursors: [...cursors, page.nextCursor] })}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </div>
  );
}

/** "Showing 51–100 matching “ana”": which rows of the whole list this page holds. */
function rowsShown(first: number, count: number, query: string): string {
  const matching = query ? ` matching “${query}”` : '';
  if (count === 0) return `No more contacts${matching}`;
  return `Showing ${first.toLocaleString('en')}–${(first + count - 1).toLocaleString('en')}${matching}`;
}
