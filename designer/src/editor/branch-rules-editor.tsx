import type { SavedFlowProblem } from '../../../contracts/flow';
import type { SegmentRule } from '../../../flow/segment-rule';
import { EmbeddedRuleTree } from '../segments/embedded-rule-tree';
import { addRuleBranch } from './branch-modes';
import { moveItem, removeAt, replaceAt } from './list-edits';
import { RowMoves } from './row-moves';

export interface RuleBranch {
  name: string;
  rule: SegmentRule;
}

interface BranchRulesEditorProps {
  branches: RuleBranch[];
  problems: readonly SavedFlowProblem[];
  onChange: (branches: RuleBranch[]) => void;
}

/** A problem of `branches.<index>.…` as the embedded rule tree reads it (`rule.…`). */
function problemsOfBranch(problems: readonly SavedFlowProblem[], index: number): SavedFlowProblem[] {
  const prefix = `branches.${index}.`;
  return problems.flatMap((problem) => (problem.field?.startsWith(prefix) ? [{ ...problem, field: problem.field.slice(prefix.length) }] : []));
}

/**
 * A rule branch's outputs, tried in order: each an output name and a rule tree built with the
 * segment builder (the same conditions a segment has); contacts matching none leave by "else".
 */
export function BranchRulesEditor({ branches, problems, onChange }: BranchRulesEditorProps) {
  return (
    <div role="group" aria-label="Branches" className="rules">
      {branches.map((branch, index) => {
        const n = index + 1;
        const own = problemsOfBranch(problems, index);
        return (
          // Keyed by length: the rule tree keeps its draft, so a removed branch must not hand it on.
          <div key={`${index}/${branches.length}`} className={own.length > 0 ? 'rule rule--invalid' : 'rule'}>
            <div className="rule__line">
              <input
                className="nodrag"
                aria-label={`Branch ${n} name`}
                value={branch.name}
                onChange={(event) => onChange(replaceAt(branches, index, { ...branch, name: event.target.value }))}
              />
              <RowMoves what={`branch ${n}`} index={index} count={branches.length} onMove={(delta) => onChange(moveItem(branches, index, delta))} onRemove={() => onChange(removeAt(branches, index))} />
            </div>
            <EmbeddedRuleTree rule={branch.rule} problems={own} onChange={(rule) => onChange(replaceAt(branches, index, { ...branch, rule }))} />
          </div>
        );
      })}
      <p className="field__hint">Contacts matching no branch leave by “else”.</p>
      <button type="button" className="button button--small nodrag" onClick={() => onChange(addRuleBranch(branches))}>
        Add branch
      </button>
    </div>
  );
}
