import type { AbcClass } from '../api/crm-client';

/** The ABC class of a customer (A = best by purchases) as a coloured letter; a dash when unclassified. */
export function AbcBadge({ value }: { value: AbcClass | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className={`abc-badge abc-badge--${value.toLowerCase()}`} title={`ABC class ${value}`}>
      <span className="visually-hidden">ABC class </span>
      {value}
    </span>
  );
}
