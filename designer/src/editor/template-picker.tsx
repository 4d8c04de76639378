import type { FieldEditorProps } from './field-editor';
import { useEditor } from './store-context';

/** The generate node's template: a choice among the templates the API knows. */
export function TemplatePicker({ inputId, value, problems, onChange }: FieldEditorProps) {
  const templates = useEditor((state) => state.templates);
  const current = typeof value === 'string' ? value : '';
  const known = templates.some((template) => template.id === current);
  return (
    <select id={inputId} className="nodrag" aria-invalid={problems.length > 0} value={current} onChange={(event) => onChange(event.target.value)}>
      <option value="">— Choose a template —</option>
      {current && !known && <option value={current}>Unknown template ({current})</option>}
      {templates.map((template) => (
        <option key={template.id} value={template.id}>
          {template.name} · {template.channel} · {template.language}
        </option>
      ))}
    </select>
  );
}
