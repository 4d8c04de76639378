import { useEffect, useRef, useState, type FormEvent } from 'react';

/** Quiet time after the last keystroke before a search is sent: one request per pause, not per key. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * The search box of the contacts list. Typing searches after a short pause (Enter at once);
 * `query` is the search in the URL, so back/forward and shared links set the box too.
 */
export function ContactSearch({ query, onSearch }: { query: string; onSearch: (query: string) => void }) {
  const [text, setText] = useState(query);
  // The last query this box sent (or received): a URL change that differs came from elsewhere.
  const sent = useRef(query);

  useEffect(() => {
    if (query === sent.current) return;
    sent.current = query;
    setText(query);
  }, [query]);

  useEffect(() => {
    const wanted = text.trim();
    if (wanted === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = wanted;
      onSearch(wanted);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onSearch]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    sent.current = text.trim();
    onSearch(text.trim());
  };

  return (
    <form role="search" className="contact-search" onSubmit={submit}>
      <input type="search" aria-label="Search contacts" placeholder="Part of a name or e-mail" maxLength={200} value={text} onChange={(event) => setText(event.target.value)} />
    </form>
  );
}
