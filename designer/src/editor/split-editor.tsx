import type { SplitVariant } from '../../../flow/nodes/branch';
import type { SavedFlowProblem } from '../../../contracts/flow';
import { moveItem, removeAt, replaceAt } from './list-edits';
import { RowMoves } from './row-moves';
import { addVariant, splitEvenly, splitStatus } from './split-variants';

interface SplitEditorProps {
  variants: SplitVariant[];
  problems: readonly SavedFlowProblem[];
  onChange: (variants: SplitVariant[]) => void;
}

/**
 * A random split's variants: an output name and a share each, with the running total under
 * them ("Adds up to 90%: 10% still to give") — it must reach 100 before the flow can run.
 */
export function SplitEditor({ variants, problems, onChange }: SplitEditorProps) {
  const status = splitStatus(variants);
  return (
    <div role="group" aria-label="Split variants" className="rules">
      {variants.map((variant, index) => {
        const n = index + 1;
        const invalid = problems.some((problem) => problem.field?.startsWith(`variants.${index}.`));
        return (
          <div key={index} className={invalid ? 'rule rule--invalid' : 'rule'}>
            <div className="rule__line">
              <input
                className="nodrag"
                aria-label={`Variant ${n} name`}
                value={variant.name}
                onChange={(event) => onChange(replaceAt(variants, index, { ...variant, name: event.target.value }))}
              />
              <input
                className="nodrag"
                type="number"
                aria-label={`Variant ${n} percent`}
                min={0}
                max={100}
                step="any"
                value={Number.isFinite(variant.percent) ? variant.percent : ''}
                onChange={(event) => onChange(replaceAt(variants, index, { ...variant, percent: event.target.value === '' ? 0 : Number(event.target.value) }))}
              />
              <span aria-hidden="true">%</span>
              <RowMoves what={`variant ${n}`} index={index} count={variants.length} onMove={(delta) => onChange(moveItem(variants, index, delta))} onRemove={() => onChange(removeAt(variants, index))} />
            </div>
          </div>
        );
      })}
      <p className={status.complete ? 'field__hint' : 'field__error'} role="status" aria-label="Split total">
        {status.text}
      </p>
      <div className="button-row">
        <button type="button" className="button button--small nodrag" onClick={() => onChange(addVariant(variants))}>
          Add variant
        </button>
        <button type="button" className="button button--small nodrag" onClick={() => onChange(splitEvenly(variants))}>
          Split evenly
        </button>
      </div>
    </div>
  );
}
