import { isContactField } from '../../flow/audience-fields';
import type { FieldCondition, SegmentRule, SpecialCondition } from '../../flow/segment-rule';
import { isRuleGroup, isRuleNegation, isSpecialCondition } from '../../flow/segment-rule';
import { COMPANY_PREFIX, isCompanyField, isExtraContactField } from '../../flow/segment-fields';
import { compileAudienceRules } from '../audience-sql';
import { compileSpecialCondition } from './special-conditions';
import { compileTypedAttribute, compileTypedRange, type AttributeTypes } from './typed-attributes';

/** Collects parameters; each value becomes `$n`, never SQL text. */
export type Param = (value: unknown) => string;

export function paramAppender(params: unknown[]): Param {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

const EXTRA_COLUMNS = { abcClass: 'c.abc_class', customerCode: 'c.customer_code', position: 'c.position' } as const;
const COMPANY_COLUMNS = { kind: 'co.kind', name: 'co.name', city: 'co.city', country: 'co.country', industry: 'co.industry' } as const;

/**
 * Compile a rule tree to a WHERE clause over `contacts c`. Every leaf is made two-valued
 * (`COALESCE(..., FALSE)`) so that NOT of a condition on a missing value selects the contact,
 * exactly as a reader (and the JS reference evaluator) expects.
 */
export function compileSegmentRule(rule: SegmentRule, params: unknown[], attributeTypes: AttributeTypes = {}): string {
  const param = paramAppender(params);
  const compile = (node: SegmentRule): string => {
    if (isRuleGroup(node)) {
      if (node.rules.length === 0) return node.op === 'and' ? 'TRUE' : 'FALSE';
      return `(${node.rules.map(compile).join(node.op === 'and' ? ' AND ' : ' OR ')})`;
    }
    if (isRuleNegation(node)) return `(NOT ${compile(node.rule)})`;
    if (isSpecialCondition(node)) return `COALESCE((${compileSpecialCondition(node as SpecialCondition, param)}), FALSE)`;
    // Already two-valued, and left bare so the planner can match the key's expression index.
    const range = compileTypedRange(node, param, attributeTypes);
    if (range !== undefined) return range;
    const expression = compileField(node, params, param, attributeTypes);
    // Containment on the NOT NULL attributes column is never NULL: left bare for the GIN index.
    return isAttributeContainment(node, attributeTypes) ? `(${expression})` : `COALESCE((${expression}), FALSE)`;
  };
  return compile(rule);
}

/** Conditions both compilers write as (NOT) `c.attributes @> …`: equality, and list membership. */
function isAttributeContainment(condition: FieldCondition, attributeTypes: AttributeTypes): boolean {
  if (!condition.field.startsWith('attributes.')) return false;
  if (condition.operator === 'eq' || condition.operator === 'neq') return true;
  return condition.operator === 'contains' && attributeTypes[condition.field.slice('attributes.'.length)] === 'list';
}

function compileField(condition: FieldCondition, params: unknown[], param: Param, attributeTypes: AttributeTypes): string {
  const typed = compileTypedAttribute(condition, param, attributeTypes);
  if (typed !== undefined) return typed;
  if (isContactField(condition.field) || condition.field.startsWith('attributes.')) {
    // The flat compiler already handles contact columns and untyped attributes.
    return compileAudienceRules({ match: 'all', rules: [condition] }, params);
  }
  let column: string;
  if (isExtraContactField(condition.field)) column = EXTRA_COLUMNS[condition.field];
  else if (isCompanyField(condition.field)) column = COMPANY_COLUMNS[condition.field.slice(COMPANY_PREFIX.length) as keyof typeof COMPANY_COLUMNS];
  else throw new Error(`Unknown segment field "${condition.field}"`);
  const expression = compileTextColumn(column, condition, param);
  if (!column.startsWith('co.')) return expression;
  return `EXISTS (SELECT 1 FROM companies co WHERE co.id = c.company_id AND ${expression})`;
}

const COMPARISONS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function compileTextColumn(column: string, condition: FieldCondition, param: Param): string {
  const value = condition.value;
  switch (condition.operator) {
    case 'exists':
      return `${column} IS NOT NULL AND ${column} <> ''`;
    case 'eq':
      return `${column} = ${param(String(value))}::text`;
    case 'neq':
      return `${column} IS DISTINCT FROM ${param(String(value))}::text`;
    case 'contains':
      return `${column} ILIKE '%' || ${param(String(value).replace(/[\\%_]/g, (char) => `\\${char}`))}::text || '%'`;
    case 'in':
      return `${column} = ANY(${param((Array.isArray(value) ? value : [value]).map(String))}::text[])`;
    default:
      return `${column} ${COMPARISONS[condition.operator]} ${param(String(value))}::text`;
  }
}
