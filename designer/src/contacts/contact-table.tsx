import type { Contact } from '../api/crm-client';
import { Link } from '../app/link';
import { AbcBadge } from './abc-badge';
import { displayName } from './contact-name';

/** One page of contacts: name (links to the contact), e-mail, company, ABC class, language, city. */
export function ContactTable({ contacts, busy }: { contacts: readonly Contact[]; busy: boolean }) {
  return (
    <table className="table contact-table" aria-busy={busy}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">E-mail</th>
          <th scope="col">Company</th>
          <th scope="col">ABC</th>
          <th scope="col">Language</th>
          <th scope="col">City</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr key={contact.id}>
            <td>
              <Link href={`/contacts/${encodeURIComponent(contact.id)}`}>{displayName(contact)}</Link>
            </td>
            <td>{contact.email ?? ''}</td>
            <td>{contact.companyName ?? ''}</td>
            <td>
              <AbcBadge value={contact.abcClass} />
            </td>
            <td>{contact.language}</td>
            <td>{contact.city ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
