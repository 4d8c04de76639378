import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../api/client';
import { crm, type Contact } from '../api/crm-client';
import { displayName } from '../contacts/contact-name';
import { SEARCH_DEBOUNCE_MS } from '../contacts/contact-search';

const RESULTS = 8;

/**
 * Whom the preview is for: a search over the contacts the signed-in person may see (GET
 * /api/contacts?q=…, debounced), a short list to pick from, the chosen one shown with its language.
 */
export function ContactChooser({ chosen, onChoose }: { chosen: Contact | null; onChoose: (contact: Contact | null) => void }) {
  const inputId = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Contact[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (chosen) return;
    let current = true;
    const timer = setTimeout(() => {
      crm
        .listContacts({ q: query.trim() || undefined, limit: RESULTS })
        .then((page) => {
          if (!current) return;
          setResults(page.items);
          setError(null);
        })
        .catch((caught: unknown) => current && setError(errorMessage(caught)));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, chosen]);

  if (chosen) {
    return (
      <div className="contact-chooser contact-chooser--chosen">
        <span>
          Preview for <strong>{displayName(chosen)}</strong> <span className="muted">{[chosen.email, chosen.language].filter(Boolean).join(' · ')}</span>
        </span>
        <button type="button" className="button button--small" onClick={() => onChoose(null)}>
          Change contact
        </button>
      </div>
    );
  }
  return (
    <div className="contact-chooser">
      <label className="field__label" htmlFor={inputId}>
        Preview for a contact
      </label>
      <input id={inputId} type="search" placeholder="Part of a name or e-mail" maxLength={200} value={query} onChange={(event) => setQuery(event.target.value)} />
      {error && <p className="field__error">Could not search the contacts: {error}</p>}
      {results && results.length === 0 && <p className="muted">No contact matches.</p>}
      {results && results.length > 0 && (
        <ul className="contact-chooser__results" aria-label="Contacts found">
          {results.map((contact) => (
            <li key={contact.id}>
              <button type="button" className="link-button" onClick={() => onChoose(contact)}>
                {displayName(contact)}
              </button>{' '}
              <span className="muted">{[contact.email, contact.language].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
