import { useState } from 'react';
import { ATTRIBUTE_PREFIX, CONTACT_FIELDS, RULE_OPERATORS, isContactField, type FieldType, type RuleOperator } from '../../../flow/audience-fields';
import type { AudienceRule } from '../../../flow/nodes/audience-config';

const CUSTOM = '__attribute';

const OPERATOR_LABELS: Record<RuleOperator, string> = {
  eq: 'equals',
  neq: 'does not equal',
  lt: 'less than',
  lte: 'at most',
  gt: 'greater than',
  gte: 'at least',
  contains: 'contains',
  in: 'is one of',
  exists: 'is set',
};

const COMPARISONS: ReadonlySet<RuleOperator> = new Set(['lt', 'lte', 'gt', 'gte']);

function isNumeric(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

function fieldType(field: string): FieldType | undefined {
  return isContactField(field) ? CONTACT_FIELDS[field].type : undefined;
}

/** The rule value typed from what was written: lists for "in", numbers where a number is meant. */
export function parseRuleValue(field: string, operator: RuleOperator, text: string): AudienceRule['value'] {
  const type = fieldType(field);
  const numeric = type === 'number' || (type !== 'date' && COMPARISONS.has(operator));
  const one = (part: string) => (numeric && isNumeric(part) ? Number(part) : part.trim());
  if (operator === 'in') return text.split(',').map((part) => part.trim()).filter(Boolean).map(one);
  return text === '' ? undefined : one(text);
}

function valueText(value: AudienceRule['value']): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

interface RowProps {
  index: number;
  rule: AudienceRule;
  invalid: boolean;
  onChange: (rule: AudienceRule) => void;
  onRemove: () => void;
}

/** One audience rule: contact field (or a custom attribute), operator, value. */
export function AudienceRuleRow({ index, rule, invalid, onChange, onRemove }: RowProps) {
  const [text, setText] = useState(() => valueText(rule.value));
  const custom = !isContactField(rule.field);
  const n = index + 1;

  const update = (patch: Partial<AudienceRule>, nextText = text) => {
    const field = patch.field ?? rule.field;
    const operator = patch.operator ?? rule.operator;
    const value = operator === 'exists' ? undefined : parseRuleValue(field, operator, nextText);
    onChange(value === undefined ? { field, operator } : { field, operator, value });
  };

  return (
    <div className={invalid ? 'rule rule--invalid' : 'rule'}>
      <div className="rule__line">
        <select
          className="nodrag"
          aria-label={`Rule ${n} field`}
          value={custom ? CUSTOM : rule.field}
          onChange={(event) => update({ field: event.target.value === CUSTOM ? ATTRIBUTE_PREFIX : event.target.value })}
        >
          {Object.entries(CONTACT_FIELDS).map(([key, field]) => (
            <option key={key} value={key}>
              {field.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom attribute…</option>
        </select>
        {custom && (
          <input
            className="nodrag"
            aria-label={`Rule ${n} attribute key`}
            placeholder="attribute key"
            value={rule.field.startsWith(ATTRIBUTE_PREFIX) ? rule.field.slice(ATTRIBUTE_PREFIX.length) : rule.field}
            onChange={(event) => update({ field: `${ATTRIBUTE_PREFIX}${event.target.value}` })}
          />
        )}
        <button type="button" className="button button--icon nodrag" aria-label={`Remove rule ${n}`} onClick={onRemove}>
          ×
        </button>
      </div>
      <div className="rule__line">
        <select className="nodrag" aria-label={`Rule ${n} operator`} value={rule.operator} onChange={(event) => update({ operator: event.target.value as RuleOperator })}>
          {RULE_OPERATORS.map((operator) => (
            <option key={operator} value={operator}>
              {OPERATOR_LABELS[operator]}
            </option>
          ))}
        </select>
        {rule.operator !== 'exists' && (
          <input
            className="nodrag"
            aria-label={`Rule ${n} value`}
            placeholder={rule.operator === 'in' ? 'a, b, c' : 'value'}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              update({}, event.target.value);
            }}
          />
        )}
      </div>
    </div>
  );
}
