import { useId } from 'react';
import type { Suggestion } from './autocomplete';
import { problemsAt, problemText, VARIANT_FIELD_LABELS, VARIANT_FIELDS, type TemplateProblem, type VariantDraft, type VariantField } from './template-draft';
import { TemplateTextField } from './template-text-field';

const HINTS: Readonly<Record<VariantField, string>> = {
  subject: 'One line. Type {{ for fields and helpers.',
  preheader: 'The line inboxes show after the subject (optional).',
  html: 'Values are HTML-escaped; CSS is inlined when sent; links are tracked; the unsubscribe footer is added.',
  text: 'Optional: derived from the HTML when empty.',
};

/** The four fields of one language variant, each with completion and the save's problems under it. */
export function VariantFields({
  index,
  variant,
  problems,
  catalog,
  onChange,
}: {
  index: number;
  variant: VariantDraft;
  problems: readonly TemplateProblem[];
  catalog: readonly Suggestion[];
  onChange: (field: VariantField, value: string) => void;
}) {
  const base = useId();
  return (
    <div className="template-variant__fields">
      {VARIANT_FIELDS.map((field) => {
        const id = `${base}-${field}`;
        const here = problemsAt(problems, index, field);
        return (
          <div key={field} className="field">
            <label className="field__label" htmlFor={id}>
              {VARIANT_FIELD_LABELS[field]}
            </label>
            <TemplateTextField
              id={id}
              value={variant[field]}
              multiline={field === 'html' || field === 'text'}
              invalid={here.length > 0}
              describedBy={`${id}-hint`}
              placeholder={field === 'text' ? 'Derived from the HTML when empty' : undefined}
              catalog={catalog}
              onChange={(value) => onChange(field, value)}
            />
            <p className="field__hint" id={`${id}-hint`}>
              {HINTS[field]}
            </p>
            {here.map((problem, at) => (
              <p key={at} className="field__error" role="alert">
                {problemText(problem)}
              </p>
            ))}
          </div>
        );
      })}
    </div>
  );
}
