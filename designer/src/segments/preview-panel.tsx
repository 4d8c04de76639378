import type { PreviewSource } from '../api/segments-client';
import { usePrincipal } from '../auth/session';
import { useLivePreview } from './use-live-preview';
import './segments.css';

interface PreviewPanelProps {
  /** What to count; null = not countable yet, `pending` says why. */
  source: PreviewSource | null;
  pending: string;
  /** The sentence for a count: "2 contacts match", "This audience has 2 contacts now". */
  describe: (count: number) => string;
  /** Also list the first contacts. */
  showSample: boolean;
  /** Accessible name of the region (one page may hold only one of each). */
  label: string;
}

export const contactsText = (count: number) => `${count.toLocaleString('en')} contact${count === 1 ? '' : 's'}`;

/**
 * The live count of an audience, in a polite live region so screen readers hear it change, and
 * optionally its first rows. While a newer count is on its way the region is `aria-busy`.
 */
export function PreviewPanel({ source, pending, describe, showSample, label }: PreviewPanelProps) {
  // A preview lists contacts: a role that may read segments but not contacts sees no count.
  const mayPreview = usePrincipal().permissions.includes('segments:preview');
  const { preview, busy, error } = useLivePreview(mayPreview ? source : null);
  const countable = mayPreview && source !== null;
  let text: string;
  if (!mayPreview) text = 'Counting the contacts is for designers (your role cannot list contacts)';
  else if (!countable) text = pending;
  else if (error) text = 'Could not count the contacts';
  else if (preview) text = describe(preview.count);
  else text = 'Counting…';

  return (
    <section className="preview-panel" aria-label={label} aria-busy={countable && busy}>
      <p role="status" aria-live="polite" className={`preview-panel__count${countable && !busy && preview && !error ? '' : ' is-stale'}`}>
        {text}
      </p>
      {countable && error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {showSample && countable && preview && preview.sample.length > 0 && (
        <table className="table preview-panel__sample">
          <caption className="preview-panel__caption">
            First {preview.sample.length} of {contactsText(preview.count)}
          </caption>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">ABC</th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((contact) => (
              <tr key={contact.id}>
                <td>{contact.email ? <EmailAddress email={contact.email} /> : '—'}</td>
                <td>{[contact.firstName, contact.lastName].filter(Boolean).join(' ') || '—'}</td>
                <td>{contact.abcClass ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** An address that may wrap before its `@` first, so a long one breaks where a reader expects it. */
function EmailAddress({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  if (at <= 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}
