import type { FieldEditorProps } from './field-editor';
import { useEditor } from './store-context';

/**
 * The generate node's template: a choice among the templates the API knows, with the way to the
 * template studio (the chosen one, or a new one). The studio opens in a new tab so the flow being
 * drawn stays as it is, unsaved changes included.
 */
export function TemplatePicker({ inputId, value, problems, onChange }: FieldEditorProps) {
  const templates = useEditor((state) => state.templates);
  const current = typeof value === 'string' ? value : '';
  const known = templates.some((template) => template.id === current);
  return (
    <>
      <select id={inputId} className="nodrag" aria-invalid={problems.length > 0} value={current} onChange={(event) => onChange(event.target.value)}>
        <option value="">— Choose a template —</option>
        {current && !known && <option value={current}>Unknown template ({current})</option>}
        {templates.map((template) => (
          <option key={template.id} value={template.id}>
            {template.name} · {template.channel} · {template.variants.map((variant) => variant.language).join(', ')}
          </option>
        ))}
      </select>
      <p className="field__hint">
        {known && (
          <>
            <a href={`/templates/${encodeURIComponent(current)}`} target="_blank" rel="noopener">
              Edit in template studio
            </a>
            {' · '}
          </>
        )}
        <a href="/templates/new" target="_blank" rel="noopener">
          New template
        </a>
      </p>
    </>
  );
}
