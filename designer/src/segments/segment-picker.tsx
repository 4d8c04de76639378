import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { segmentsApi, type Segment } from '../api/segments-client';
import { Link } from '../app/link';

interface PickerProps {
  id: string;
  value: string;
  invalid: boolean;
  onChange: (segmentId: string) => void;
}

/** The audience node's saved segment: a choice among the saved segments, with a way into the builder. */
export function SegmentPicker({ id, value, invalid, onChange }: PickerProps) {
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    segmentsApi
      .listSegments()
      .then((list) => current && setSegments(list))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, []);

  const known = segments?.some((segment) => segment.id === value) ?? false;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        Segment
      </label>
      <select id={id} className="nodrag" aria-invalid={invalid} value={value} disabled={segments === null && error === null} onChange={(event) => onChange(event.target.value)}>
        <option value="">{segments === null && error === null ? 'Loading segments…' : '— Choose a segment —'}</option>
        {value && segments !== null && !known && <option value={value}>Unknown segment ({value.slice(0, 8)})</option>}
        {segments?.map((segment) => (
          <option key={segment.id} value={segment.id}>
            {segment.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="field__error" role="alert">
          Could not load the segments: {error}
        </p>
      )}
      <p className="field__hint">
        {value && known ? <Link href={`/segments/${encodeURIComponent(value)}`}>Open in the segment builder</Link> : <Link href="/segments/new">Build a new segment</Link>}
      </p>
    </div>
  );
}
