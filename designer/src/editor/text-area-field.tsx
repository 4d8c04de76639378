import type { FieldEditorProps } from './field-editor';

/** Long text (a call script): several lines, kept as typed. */
export function TextAreaField({ inputId, schema, value, problems, onChange }: FieldEditorProps) {
  return (
    <textarea
      id={inputId}
      className="nodrag"
      rows={5}
      maxLength={schema.maxLength}
      aria-invalid={problems.length > 0}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
