import { useRemote } from './use-remote';

export interface RemoteOption {
  value: string;
  label: string;
}

interface RemoteSelectProps {
  id?: string;
  /** Accessible name when no <label> points at `id`. */
  ariaLabel?: string;
  value: string;
  invalid: boolean;
  /** Loads the choices once (teams, people, products, topics, attributes...). */
  load: () => Promise<RemoteOption[]>;
  /** What the choices are, for "— Choose a team —" and "Could not load the teams". */
  noun: string;
  /** When not `noun` + s ("people"). */
  plural?: string;
  /** The empty choice's words when it means something ("— The campaign's product —"). */
  emptyLabel?: string;
  onChange: (value: string) => void;
}

/**
 * A choice among records the API lists, for the inspector's pickers: loads them once, keeps a
 * saved value the list no longer holds visible as unknown, says when they cannot be loaded.
 */
export function RemoteSelect({ id, ariaLabel, value, invalid, load, noun, plural = `${noun}s`, emptyLabel, onChange }: RemoteSelectProps) {
  const { data: options, error } = useRemote(load);

  const loading = options === null && error === null;
  const known = options?.some((option) => option.value === value) ?? false;
  return (
    <>
      <select id={id} aria-label={ariaLabel} className="nodrag" aria-invalid={invalid} value={value} disabled={loading} onChange={(event) => onChange(event.target.value)}>
        <option value="">{loading ? `Loading ${plural}…` : (emptyLabel ?? `— Choose a ${noun} —`)}</option>
        {value && options !== null && !known && <option value={value}>Unknown {noun} ({value.slice(0, 8)})</option>}
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <p className="field__error" role="alert">
          Could not load the {plural}: {error}
        </p>
      )}
    </>
  );
}
