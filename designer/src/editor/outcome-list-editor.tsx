import { useState } from 'react';
import type { Outcome } from '../../../flow/nodes/callback';
import type { FieldEditorProps } from './field-editor';
import { asList, moveItem, removeAt, replaceAt } from './list-edits';
import { addOutcome, renameOutcome } from './outcome-list';
import { RowMoves } from './row-moves';

/**
 * The call-back's outcomes, one row each: the button's label, the output's name, whether the
 * call reached the contact; added, removed and reordered here. A name the node may not take
 * ("timeout", one used twice) is refused as it is typed, saying why.
 */
export function OutcomeListEditor({ inputId, value, problems, onChange }: FieldEditorProps) {
  const outcomes = asList<Outcome>(value);
  return (
    <div id={inputId} role="group" aria-label="Outcomes" className="rules">
      {/* Keyed by the list's length too: after a removal no row keeps its neighbour's refused draft. */}
      {outcomes.map((_, index) => (
        <OutcomeRow
          key={`${index}/${outcomes.length}`}
          outcomes={outcomes}
          index={index}
          invalid={problems.some((problem) => problem.field?.startsWith(`outcomes.${index}.`))}
          onChange={onChange}
        />
      ))}
      <button type="button" className="button button--small nodrag" onClick={() => onChange(addOutcome(outcomes))}>
        Add outcome
      </button>
    </div>
  );
}

interface RowProps {
  outcomes: Outcome[];
  index: number;
  invalid: boolean;
  onChange: (outcomes: Outcome[]) => void;
}

function OutcomeRow({ outcomes, index, invalid, onChange }: RowProps) {
  const outcome = outcomes[index] as Outcome;
  const [keyDraft, setKeyDraft] = useState(outcome.key);
  const [refusal, setRefusal] = useState<string | null>(null);
  const n = index + 1;
  const rename = (key: string) => {
    setKeyDraft(key);
    const edit = renameOutcome(outcomes, index, key);
    setRefusal(edit.ok ? null : edit.message);
    if (edit.ok) onChange(edit.outcomes);
  };
  return (
    <div className={invalid || refusal ? 'rule rule--invalid' : 'rule'}>
      <div className="rule__line">
        <input
          className="nodrag"
          aria-label={`Outcome ${n} label`}
          placeholder="Button label"
          value={outcome.label}
          onChange={(event) => onChange(replaceAt(outcomes, index, { ...outcome, label: event.target.value }))}
        />
        <input className="nodrag" aria-label={`Outcome ${n} output`} placeholder="output_name" aria-invalid={refusal !== null} value={refusal === null ? outcome.key : keyDraft} onChange={(event) => rename(event.target.value)} />
      </div>
      <div className="rule__line">
        <label className="row-check" title="The call reached the contact: required questions must be answered">
          <input
            type="checkbox"
            className="nodrag"
            aria-label={`Outcome ${n} reached the contact`}
            checked={outcome.reached}
            onChange={(event) => onChange(replaceAt(outcomes, index, { ...outcome, reached: event.target.checked }))}
          />
          Reached the contact
        </label>
        <RowMoves what={`outcome ${n}`} index={index} count={outcomes.length} onMove={(delta) => onChange(moveItem(outcomes, index, delta))} onRemove={outcomes.length > 1 ? () => onChange(removeAt(outcomes, index)) : undefined} />
      </div>
      {refusal && (
        <p className="field__error" role="alert">
          {refusal}
        </p>
      )}
    </div>
  );
}
