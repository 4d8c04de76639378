import './outbox.css';

/** Mail headers as name: value lines (the preview's extra headers, the outbox's chosen ones); `empty` says what none means. */
export function HeaderList({ headers, empty = 'No extra headers.' }: { headers: Readonly<Record<string, string>>; empty?: string }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="header-list" aria-label="Headers">
      {entries.map(([name, value]) => (
        <div key={name} className="header-list__row">
          <dt>{name}</dt>
          <dd>
            <code>{value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}
