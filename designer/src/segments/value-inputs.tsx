import { useState, type ReactNode } from 'react';
import type { ChoiceOption, InputKind } from './field-catalog';

/** Props every input of a condition takes: its label (visible), the text, and its problem if any. */
interface InputProps {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** One labelled input of the kind asked for: text, number, date or a choice. */
export function ParamInput({ kind, ...props }: InputProps & { kind: InputKind }) {
  const { id, label, value, error, onChange } = props;
  const errorId = `${id}-error`;
  const common = {
    id,
    className: 'nodrag',
    'aria-invalid': error !== undefined,
    'aria-describedby': error === undefined ? undefined : errorId,
  };
  return (
    <div className="condition__input">
      <label htmlFor={id} className="condition__label">
        {label}
      </label>
      {kind.kind === 'select' ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Choose…</option>
          {kind.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={kind.kind === 'text' ? 'text' : kind.kind}
          step={kind.kind === 'number' ? (kind.integer ? 1 : 'any') : undefined}
          min={kind.kind === 'number' ? kind.min : undefined}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {error !== undefined && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface MultiProps {
  id: string;
  values: string[];
  /** Fixed choices become checkboxes; null = free values, typed comma-separated. */
  options: ChoiceOption[] | null;
  numeric: boolean;
  error: string | undefined;
  onChange: (values: string[]) => void;
}

/** The values of "is one of": checkboxes over a fixed list, or a comma-separated text. */
export function MultiValueInput({ id, values, options, numeric, error, onChange }: MultiProps) {
  const errorId = `${id}-error`;
  const errorText = error !== undefined && (
    <p id={errorId} className="field__error" role="alert">
      {error}
    </p>
  );
  if (options) {
    const toggle = (value: string, on: boolean) => onChange(on ? [...values, value] : values.filter((current) => current !== value));
    return (
      <div className="condition__input">
        <fieldset className="condition__choices" aria-describedby={error === undefined ? undefined : errorId}>
          <legend className="condition__label">Values</legend>
          {options.map((option) => (
            <label key={option.value} className="condition__choice">
              <input type="checkbox" className="nodrag" checked={values.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
              {option.label}
            </label>
          ))}
        </fieldset>
        {errorText}
      </div>
    );
  }
  return <FreeValues id={id} values={values} numeric={numeric} error={error} errorText={errorText} onChange={onChange} />;
}

function FreeValues({ id, values, numeric, error, errorText, onChange }: Omit<MultiProps, 'options'> & { errorText: ReactNode }) {
  // The text as typed ("blue, re" while writing): splitting it back from `values` would eat the comma.
  const [text, setText] = useState(() => values.join(', '));
  return (
    <div className="condition__input">
      <label htmlFor={id} className="condition__label">
        Values (comma-separated)
      </label>
      <input
        id={id}
        className="nodrag"
        inputMode={numeric ? 'decimal' : undefined}
        placeholder={numeric ? '40, 41, 42' : 'blue, green'}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          onChange(event.target.value.split(',').map((part) => part.trim()).filter(Boolean));
        }}
      />
      {values.length > 0 && (
        <ul className="chips" aria-label="Values">
          {values.map((value, index) => (
            <li key={`${index}-${value}`} className="chip">
              {value}
            </li>
          ))}
        </ul>
      )}
      {errorText}
    </div>
  );
}
