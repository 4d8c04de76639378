import { useId } from 'react';
import { useBuilder } from './builder-context';
import { ConditionRow } from './condition-row';
import { newCondition, newGroup, type DraftGroup } from './segment-draft';

interface RuleGroupProps {
  group: DraftGroup;
  /** "Rules" for the root, "Group 2.1" below it: the accessible name of the group and of its buttons. */
  label: string;
  /** Position among the nested items ("2.1"); '' for the root, which cannot be removed. */
  path: string;
}

const childPath = (path: string, index: number) => (path === '' ? String(index + 1) : `${path}.${index + 1}`);

/** One group: AND/OR, NOT, its conditions and subgroups, and the buttons to add to it. */
export function RuleGroup({ group, label, path }: RuleGroupProps) {
  const { update, remove, append, problemsByNode } = useBuilder();
  const radioName = useId();
  const isRoot = path === '';
  const own = problemsByNode.get(group.id) ?? [];
  const setGroup = (patch: Partial<DraftGroup>) => update(group.id, (node) => ({ ...node, ...patch }) as DraftGroup);

  return (
    <fieldset className={`rule-group${group.negated ? ' rule-group--negated' : ''}`}>
      <legend className="rule-group__legend">{label}</legend>
      <div className="rule-group__header">
        <div role="radiogroup" aria-label={`Match for ${label}`} className="segmented">
          <label className={group.op === 'and' ? 'segmented__option is-on' : 'segmented__option'}>
            <input type="radio" name={radioName} className="nodrag" checked={group.op === 'and'} onChange={() => setGroup({ op: 'and' })} />
            All (AND)
          </label>
          <label className={group.op === 'or' ? 'segmented__option is-on' : 'segmented__option'}>
            <input type="radio" name={radioName} className="nodrag" checked={group.op === 'or'} onChange={() => setGroup({ op: 'or' })} />
            Any (OR)
          </label>
        </div>
        <label className="rule-group__not">
          <input type="checkbox" className="nodrag" aria-label={`NOT (${label})`} checked={group.negated} onChange={(event) => setGroup({ negated: event.target.checked })} />
          NOT
        </label>
        {!isRoot && (
          <button type="button" className="button button--icon button--danger nodrag" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => remove(group.id)}>
            ×
          </button>
        )}
      </div>
      <p className="rule-group__meaning">{meaning(group)}</p>

      {group.children.length > 0 && (
        <ol className="rule-group__items">
          {group.children.map((child, index) => {
            const position = childPath(path, index);
            return (
              <li key={child.id} className="rule-group__item">
                {index > 0 && <span className="rule-group__joiner" aria-hidden="true">{group.op === 'and' ? 'and' : 'or'}</span>}
                {child.type === 'group' ? (
                  <RuleGroup group={child} label={`Group ${position}`} path={position} />
                ) : (
                  <ConditionRow condition={child} label={`Condition ${position}`} />
                )}
              </li>
            );
          })}
        </ol>
      )}
      {own.map((problem, index) => (
        <p key={index} className="field__error" role="alert">
          {problem.message}
        </p>
      ))}

      <div className="button-row">
        <button type="button" className="button button--small nodrag" aria-label={`Add condition to ${label.toLowerCase()}`} onClick={() => append(group.id, newCondition())}>
          + Add condition
        </button>
        <button type="button" className="button button--small nodrag" aria-label={`Add group to ${label.toLowerCase()}`} onClick={() => append(group.id, { ...newGroup(), children: [newCondition()] })}>
          + Add group
        </button>
      </div>
    </fieldset>
  );
}

/** What the group selects, in words: empty groups are easy to misread otherwise. */
function meaning(group: DraftGroup): string {
  const prefix = group.negated ? 'Contacts NOT matching' : 'Contacts matching';
  if (group.children.length === 0) {
    // An empty AND is true for everyone, an empty OR for no one (and NOT flips it).
    const everyone = (group.op === 'and') !== group.negated;
    return everyone ? 'No conditions: every contact.' : 'No conditions: no contact.';
  }
  return `${prefix} ${group.op === 'and' ? 'all' : 'any'} of:`;
}
