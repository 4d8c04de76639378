import { IMPORT_CHOICES, type ImportKind } from './import-kinds';

/** The radio group "What to import": each choice with one line saying what it does. */
export function KindPicker({ value, disabled, onChange }: { value: ImportKind; disabled: boolean; onChange: (kind: ImportKind) => void }) {
  return (
    <fieldset className="kind-picker" disabled={disabled}>
      <legend>What to import</legend>
      {IMPORT_CHOICES.map((choice) => (
        <div key={choice.kind} className="kind-picker__choice">
          <input
            type="radio"
            id={`import-kind-${choice.kind}`}
            name="import-kind"
            value={choice.kind}
            checked={value === choice.kind}
            aria-describedby={`import-kind-${choice.kind}-description`}
            onChange={() => onChange(choice.kind)}
          />
          <label htmlFor={`import-kind-${choice.kind}`} className="kind-picker__label">
            {choice.label}
          </label>
          <span id={`import-kind-${choice.kind}-description`} className="kind-picker__description">
            {choice.description}
          </span>
        </div>
      ))}
    </fieldset>
  );
}
