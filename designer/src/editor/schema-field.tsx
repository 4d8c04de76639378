import { useState } from 'react';
import { literalChoices, type FieldEditorProps } from './field-editor';

/** A schema literal or stored value as the text of an input or option. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The generic editor of one config field, chosen from its JSON Schema: fixed value, choice,
 * text, number, yes/no, or JSON for anything richer.
 */
export function SchemaField(props: FieldEditorProps) {
  const { inputId, schema, value, required, onChange } = props;
  const choices = literalChoices(schema);
  const invalid = props.problems.length > 0;

  if (schema.const !== undefined) {
    return <input id={inputId} className="nodrag" value={asText(schema.const)} readOnly aria-readonly="true" />;
  }
  if (choices) {
    return (
      <select id={inputId} className="nodrag" aria-invalid={invalid} value={asText(value)} onChange={(event) => onChange(choices.find((choice) => asText(choice) === event.target.value))}>
        {value === undefined && <option value="">—</option>}
        {choices.map((choice) => (
          <option key={asText(choice)} value={asText(choice)}>
            {asText(choice)}
          </option>
        ))}
      </select>
    );
  }
  const itemChoices = schema.type === 'array' && schema.items ? literalChoices(schema.items) : null;
  if (itemChoices) {
    // A set of fixed choices (a wait's engagement events): one checkbox each.
    const selected = Array.isArray(value) ? value : [];
    return (
      <span id={inputId} className="nodrag choice-set" role="group" aria-invalid={invalid}>
        {itemChoices.map((choice) => (
          <label key={asText(choice)}>
            <input
              type="checkbox"
              checked={selected.includes(choice)}
              onChange={(event) => {
                const next = itemChoices.filter((item) => (item === choice ? event.target.checked : selected.includes(item)));
                onChange(next.length === 0 && !required ? undefined : next);
              }}
            />
            {asText(choice)}
          </label>
        ))}
      </span>
    );
  }
  switch (schema.type) {
    case 'string':
      return (
        <input
          id={inputId}
          className="nodrag"
          aria-invalid={invalid}
          value={typeof value === 'string' ? value : ''}
          maxLength={schema.maxLength}
          onChange={(event) => onChange(event.target.value === '' && !required ? undefined : event.target.value)}
        />
      );
    case 'number':
    case 'integer':
      return (
        <input
          id={inputId}
          className="nodrag"
          type="number"
          aria-invalid={invalid}
          step={schema.type === 'integer' ? 1 : 'any'}
          min={schema.minimum ?? schema.exclusiveMinimum}
          max={schema.maximum}
          value={typeof value === 'number' ? value : ''}
          onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
        />
      );
    case 'boolean':
      return <input id={inputId} className="nodrag" type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
    default:
      return <JsonField {...props} />;
  }
}

/** Fallback for arrays and objects no specialised editor handles: edit as JSON, applied when it parses. */
function JsonField({ inputId, value, onChange, problems }: FieldEditorProps) {
  const [draft, setDraft] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={inputId}
        className="nodrag json-field"
        rows={5}
        aria-invalid={problems.length > 0 || parseError !== null}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          try {
            onChange(JSON.parse(draft));
            setParseError(null);
          } catch (error) {
            setParseError(error instanceof Error ? error.message : 'Not JSON');
          }
        }}
      />
      {parseError && <p className="field__error">{parseError}</p>}
    </>
  );
}
