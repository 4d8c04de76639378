import type { AudienceRule } from '../../../flow/nodes/audience-config';
import { AudienceRuleRow } from './audience-rule-row';
import type { FieldEditorProps } from './field-editor';

function asRules(value: unknown): AudienceRule[] {
  return Array.isArray(value) ? (value as AudienceRule[]) : [];
}

/** The audience's rules as rows (field, operator, value) to add and remove. */
export function AudienceRulesEditor({ inputId, value, problems, onChange }: FieldEditorProps) {
  const rules = asRules(value);
  const replace = (index: number, rule: AudienceRule) => onChange(rules.map((current, i) => (i === index ? rule : current)));
  const remove = (index: number) => onChange(rules.filter((_, i) => i !== index));
  const add = () => onChange([...rules, { field: 'email', operator: 'exists' }]);

  return (
    <div id={inputId} role="group" aria-label="Audience rules" className="rules">
      {rules.length === 0 && <p className="rules__empty">No rules: every contact is in the audience.</p>}
      {rules.map((rule, index) => (
        <AudienceRuleRow
          // Rows keep the value as typed ("a, b," while writing a list); remount them all when
          // one is removed so no row inherits its neighbour's draft.
          key={`${index}/${rules.length}`}
          index={index}
          rule={rule}
          invalid={problems.some((problem) => problem.field?.startsWith(`rules.${index}`))}
          onChange={(next) => replace(index, next)}
          onRemove={() => remove(index)}
        />
      ))}
      <button type="button" className="button button--small nodrag" onClick={add}>
        Add rule
      </button>
    </div>
  );
}
