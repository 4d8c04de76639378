import { useState } from 'react';
import { QUESTION_TYPES, type Question, type QuestionType } from '../../../flow/nodes/callback';
import type { FieldEditorProps } from './field-editor';
import { asList, moveItem, removeAt, replaceAt } from './list-edits';
import { loadAttributeDefinitions } from './pickers';
import { addQuestion, parseOptions, QUESTION_TYPE_LABELS, questionKeyProblem, withQuestionLabel, withQuestionType } from './questionnaire';
import { RowMoves } from './row-moves';
import { useRemote } from './use-remote';

/**
 * The call-back's questionnaire, one card per question: what the agent reads, its type, the
 * key its answer is stored under, whether it is required, a choice's options, and the contact
 * attribute the answer is written to (picked from the attribute definitions).
 */
export function QuestionnaireEditor({ inputId, value, problems, onChange }: FieldEditorProps) {
  const questions = asList<Question>(value);
  const attributes = useRemote(loadAttributeDefinitions);
  return (
    <div id={inputId} role="group" aria-label="Questionnaire" className="rules">
      {questions.length === 0 && <p className="rules__empty">No questions: the agent only picks an outcome.</p>}
      {attributes.error && <p className="field__hint">Could not load the contact attributes: {attributes.error}</p>}
      {questions.map((_, index) => (
        <QuestionCard
          key={`${index}/${questions.length}`}
          questions={questions}
          index={index}
          attributes={attributes.data ?? []}
          invalid={problems.some((problem) => problem.field?.startsWith(`questions.${index}.`))}
          onChange={onChange}
        />
      ))}
      <button type="button" className="button button--small nodrag" onClick={() => onChange(addQuestion(questions))}>
        Add question
      </button>
    </div>
  );
}

interface CardProps {
  questions: Question[];
  index: number;
  attributes: readonly { key: string; label: string; type: string }[];
  invalid: boolean;
  onChange: (questions: Question[]) => void;
}

function QuestionCard({ questions, index, attributes, invalid, onChange }: CardProps) {
  const question = questions[index] as Question;
  const n = index + 1;
  const [optionsText, setOptionsText] = useState(() => (question.options ?? []).join('\n'));
  const [keyDraft, setKeyDraft] = useState<string | null>(null);
  const keyProblem = keyDraft === null ? null : questionKeyProblem(questions, index, keyDraft);
  const set = (next: Question) => onChange(replaceAt(questions, index, next));
  const attributeKnown = question.attribute === undefined || attributes.some((attribute) => attribute.key === question.attribute);

  return (
    <div className={invalid || keyProblem ? 'rule rule--invalid' : 'rule'}>
      <div className="rule__line">
        <input
          className="nodrag"
          aria-label={`Question ${n}`}
          placeholder="The question as the agent reads it"
          value={question.label}
          onChange={(event) => set(withQuestionLabel(question, event.target.value, questions))}
        />
        <RowMoves what={`question ${n}`} index={index} count={questions.length} onMove={(delta) => onChange(moveItem(questions, index, delta))} onRemove={() => onChange(removeAt(questions, index))} />
      </div>
      <div className="rule__line">
        <select className="nodrag" aria-label={`Question ${n} type`} value={question.type} onChange={(event) => set(withQuestionType(question, event.target.value as QuestionType))}>
          {QUESTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {QUESTION_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
        <input
          className="nodrag"
          aria-label={`Question ${n} key`}
          aria-invalid={keyProblem !== null}
          value={keyDraft ?? question.key}
          onChange={(event) => {
            const key = event.target.value;
            const problem = questionKeyProblem(questions, index, key);
            setKeyDraft(problem ? key : null);
            if (!problem) set({ ...question, key });
          }}
        />
        <label className="row-check">
          <input type="checkbox" className="nodrag" aria-label={`Question ${n} required`} checked={question.required} onChange={(event) => set({ ...question, required: event.target.checked })} />
          Required
        </label>
      </div>
      {keyProblem && (
        <p className="field__error" role="alert">
          {keyProblem}
        </p>
      )}
      {question.type === 'choice' && (
        <textarea
          className="nodrag"
          rows={3}
          aria-label={`Question ${n} options`}
          placeholder="One option per line"
          value={optionsText}
          onChange={(event) => {
            setOptionsText(event.target.value);
            set({ ...question, options: parseOptions(event.target.value) });
          }}
        />
      )}
      <div className="rule__line">
        <select
          className="nodrag"
          aria-label={`Question ${n} writes to`}
          value={question.attribute ?? ''}
          onChange={(event) => {
            const { attribute: _dropped, ...rest } = question;
            set(event.target.value === '' ? rest : { ...rest, attribute: event.target.value });
          }}
        >
          <option value="">Write the answer to no attribute</option>
          {!attributeKnown && <option value={question.attribute}>attributes.{question.attribute} (no definition)</option>}
          {attributes.map((attribute) => (
            <option key={attribute.key} value={attribute.key}>
              Write to {attribute.label} ({attribute.key}, {attribute.type})
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
