import type { Question } from '../../../flow/nodes/callback';
import type { AnswerDrafts } from './answer-draft';

interface Props {
  questions: readonly Question[];
  drafts: AnswerDrafts;
  onChange: (key: string, value: string) => void;
  /** The API's message for each refused answer, by question key. */
  errors: Readonly<Record<string, string>>;
  disabled: boolean;
}

/** The call's questionnaire, one input per question type; a refused answer says why under its question. */
export function QuestionnaireForm({ questions, drafts, onChange, errors, disabled }: Props) {
  if (questions.length === 0) return <p className="muted">This call has no questionnaire.</p>;
  return (
    <div className="questionnaire">
      {questions.map((question) => {
        const id = `question-${question.key}`;
        const error = errors[question.key];
        const value = drafts[question.key] ?? '';
        const common = {
          id,
          disabled,
          'aria-required': question.required,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        } as const;
        return (
          <div className="field questionnaire__question" key={question.key}>
            <label className="field__label" htmlFor={id}>
              {question.label}
              {question.required && (
                <span className="questionnaire__required" title="Required when the call reached the contact">
                  {' '}
                  *<span className="visually-hidden"> (required)</span>
                </span>
              )}
            </label>
            <QuestionInput question={question} value={value} onChange={(next) => onChange(question.key, next)} common={common} />
            {error && (
              <p className="field__error" id={`${id}-error`} role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}

type CommonProps = { id: string; disabled: boolean; 'aria-required': boolean; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

function QuestionInput({ question, value, onChange, common }: { question: Question; value: string; onChange: (value: string) => void; common: CommonProps }) {
  switch (question.type) {
    case 'text':
      return <textarea {...common} rows={2} value={value} onChange={(event) => onChange(event.target.value)} />;
    case 'number':
      return <input {...common} type="text" inputMode="decimal" value={value} onChange={(event) => onChange(event.target.value)} />;
    case 'date':
      return <input {...common} type="date" value={value} onChange={(event) => onChange(event.target.value)} />;
    case 'choice':
      return (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">—</option>
          {(question.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'yes-no':
      return (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">—</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      );
  }
}
