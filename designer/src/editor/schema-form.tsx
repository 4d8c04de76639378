import { useId } from 'react';
import type { SavedFlowProblem } from '../../../contracts/flow';
import { humanize, type FieldEditor, type JsonSchema } from './field-editor';
import { formSchemaFor } from './form-schema';
import { SchemaField } from './schema-field';

interface SchemaFormProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  problems: readonly SavedFlowProblem[];
  /** Specialised editors by field name (the audience rule editor, the template picker). */
  editors: Readonly<Record<string, FieldEditor>>;
  /** Fields a custom editor around the form edits itself (a call-back's assignment). */
  omit?: readonly string[];
  onChange: (value: Record<string, unknown>) => void;
}

function fieldProblems(problems: readonly SavedFlowProblem[], name: string): SavedFlowProblem[] {
  return problems.filter((problem) => problem.field === name || problem.field?.startsWith(`${name}.`));
}

/**
 * A form generated from a node type's config schema (TypeBox = JSON Schema): one labelled
 * field per property, its description as a hint and its validation problems under it.
 */
export function SchemaForm({ schema: configSchema, value, problems, editors, omit = [], onChange }: SchemaFormProps) {
  const formId = useId();
  const schema = formSchemaFor(configSchema, value);
  const required = new Set(schema.required ?? []);
  return (
    <div className="schema-form">
      {Object.entries(schema.properties ?? {}).filter(([name]) => !omit.includes(name)).map(([name, fieldSchema]) => {
        const Editor = editors[name] ?? SchemaField;
        const inputId = `${formId}-${name}`;
        const label = fieldSchema.title ?? humanize(name);
        const own = fieldProblems(problems, name);
        return (
          <div key={name} className={own.length > 0 ? 'field field--invalid' : 'field'}>
            <label htmlFor={inputId} className="field__label">
              {label}
            </label>
            <Editor
              inputId={inputId}
              label={label}
              name={name}
              schema={fieldSchema}
              value={value[name]}
              required={required.has(name)}
              problems={own}
              onChange={(next) => {
                const updated = { ...value };
                if (next === undefined) delete updated[name];
                else updated[name] = next;
                onChange(updated);
              }}
            />
            {fieldSchema.description && <p className="field__hint">{fieldSchema.description}</p>}
            {own.map((problem, index) => (
              <p key={index} className="field__error" role="alert">
                {problem.message}
              </p>
            ))}
          </div>
        );
      })}
    </div>
  );
}
