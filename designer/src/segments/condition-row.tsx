import { useId } from 'react';
import { useBuilder } from './builder-context';
import { findEntry, groupedEntries, operatorLabel, type FieldEntry, type InputKind } from './field-catalog';
import { chooseEntry, chooseOperator, type DraftCondition, type DraftNode } from './segment-draft';
import { MultiValueInput, ParamInput } from './value-inputs';

interface ConditionRowProps {
  condition: DraftCondition;
  /** "Condition 2.1": the accessible name of the row and of its remove button. */
  label: string;
}

const BOOLEAN_CHOICES: InputKind = { kind: 'select', options: [{ value: 'true', label: 'yes' }, { value: 'false', label: 'no' }] };

/** How a field condition's single value is typed: by the field's type, a choice when it has fixed values. */
function valueInput(entry: FieldEntry): InputKind {
  if (entry.options) return { kind: 'select', options: entry.options };
  if (entry.valueType === 'number') return { kind: 'number' };
  if (entry.valueType === 'date') return { kind: 'date' };
  if (entry.valueType === 'boolean') return BOOLEAN_CHOICES;
  return { kind: 'text' };
}

/** One condition: field (grouped picker) → operator valid for it → value input(s) by type, with its problems. */
export function ConditionRow({ condition, label }: ConditionRowProps) {
  const { catalog, update, remove, problemsByNode } = useBuilder();
  const baseId = useId();
  const entry = findEntry(catalog, condition.entryId);
  const problems = problemsByNode.get(condition.id) ?? [];
  const errorFor = (param: string) => problems.find((problem) => problem.param === param)?.message;
  const otherProblems = problems.filter((problem) => !['entry', 'operator', 'value', 'values', ...(entry?.type === 'special' ? entry.params.map((spec) => spec.name) : [])].includes(problem.param ?? ''));

  const change = (next: (current: DraftCondition) => DraftCondition) => update(condition.id, (node: DraftNode) => (node.type === 'condition' ? next(node) : node));
  const setParam = (name: string, value: string) => change((current) => ({ ...current, params: { ...current.params, [name]: value }, touched: true }));
  const fieldError = errorFor('entry');
  const operatorError = errorFor('operator');

  return (
    <div role="group" aria-label={label} className={problems.length > 0 ? 'condition condition--invalid' : 'condition'}>
      <div className="condition__line">
        <div className="condition__input condition__input--field">
          <label htmlFor={`${baseId}-field`} className="condition__label">
            Field
          </label>
          <select
            id={`${baseId}-field`}
            className="nodrag"
            aria-invalid={fieldError !== undefined}
            value={condition.entryId}
            onChange={(event) => change((current) => chooseEntry(current, findEntry(catalog, event.target.value)))}
          >
            <option value="">Choose a field…</option>
            {groupedEntries(catalog).map(({ group, entries }) => (
              <optgroup key={group} label={group}>
                {entries.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {fieldError !== undefined && (
            <p className="field__error" role="alert">
              {fieldError}
            </p>
          )}
        </div>

        {entry && entry.operators.length > 0 && (
          <div className="condition__input">
            <label htmlFor={`${baseId}-operator`} className="condition__label">
              Operator
            </label>
            <select
              id={`${baseId}-operator`}
              className="nodrag"
              aria-invalid={operatorError !== undefined}
              value={condition.operator}
              onChange={(event) => change((current) => chooseOperator(current, event.target.value))}
            >
              {condition.operator === '' && <option value="">Choose…</option>}
              {entry.type === 'field'
                ? entry.operators.map((operator) => (
                    <option key={operator} value={operator}>
                      {operatorLabel(entry, operator)}
                    </option>
                  ))
                : entry.operators.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
            </select>
            {operatorError !== undefined && (
              <p className="field__error" role="alert">
                {operatorError}
              </p>
            )}
          </div>
        )}

        {entry?.type === 'field' && condition.operator === 'in' && (
          <MultiValueInput
            id={`${baseId}-values`}
            values={condition.values}
            options={entry.options}
            numeric={entry.valueType === 'number'}
            error={errorFor('values')}
            onChange={(values) => change((current) => ({ ...current, values, touched: true }))}
          />
        )}
        {entry?.type === 'field' && condition.operator !== 'in' && condition.operator !== 'exists' && (
          <ParamInput
            id={`${baseId}-value`}
            kind={valueInput(entry)}
            label="Value"
            value={condition.params.value ?? ''}
            error={errorFor('value')}
            onChange={(value) => setParam('value', value)}
          />
        )}
        {entry?.type === 'special' &&
          entry.params.map((spec) => (
            <ParamInput
              key={spec.name}
              id={`${baseId}-${spec.name}`}
              kind={spec.input}
              label={spec.required ? spec.label : `${spec.label} (optional)`}
              value={condition.params[spec.name] ?? ''}
              error={errorFor(spec.name)}
              onChange={(value) => setParam(spec.name, value)}
            />
          ))}

        <button type="button" className="button button--icon button--danger nodrag condition__remove" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => remove(condition.id)}>
          ×
        </button>
      </div>
      {otherProblems.map((problem, index) => (
        <p key={index} className="field__error" role="alert">
          {problem.message}
        </p>
      ))}
    </div>
  );
}
