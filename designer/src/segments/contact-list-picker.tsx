import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { segmentsApi, type ContactList } from '../api/segments-client';
import { Link } from '../app/link';

interface PickerProps {
  id: string;
  value: string;
  invalid: boolean;
  onChange: (listId: string) => void;
}

const membersText = (count: number) => `${count.toLocaleString('en')} member${count === 1 ? '' : 's'}`;

/** The audience node's static list (a customer-code file, a manual pick): a choice with its member count. */
export function ContactListPicker({ id, value, invalid, onChange }: PickerProps) {
  const [lists, setLists] = useState<ContactList[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    segmentsApi
      .listContactLists()
      .then((response) => current && setLists(response.items))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, []);

  const chosen = lists?.find((list) => list.id === value);
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        Contact list
      </label>
      <select id={id} className="nodrag" aria-invalid={invalid} value={value} disabled={lists === null && error === null} onChange={(event) => onChange(event.target.value)}>
        <option value="">{lists === null && error === null ? 'Loading lists…' : '— Choose a list —'}</option>
        {value && lists !== null && !chosen && <option value={value}>Unknown list ({value.slice(0, 8)})</option>}
        {lists?.map((list) => (
          <option key={list.id} value={list.id}>
            {list.name} ({membersText(list.memberCount)})
          </option>
        ))}
      </select>
      {error && (
        <p className="field__error" role="alert">
          Could not load the contact lists: {error}
        </p>
      )}
      {chosen && <p className="field__hint">{membersText(chosen.memberCount)} in this list.</p>}
      {lists !== null && lists.length === 0 && (
        <p className="field__hint">
          No lists yet: <Link href="/import">import a customer-code file</Link> to make one.
        </p>
      )}
    </div>
  );
}
