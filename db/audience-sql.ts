import { ATTRIBUTE_PREFIX, CONTACT_FIELDS, isAudienceField, isContactField, type ContactField } from '../flow/audience-fields';
import type { AudienceConfig, AudienceRule } from '../flow/nodes/audience-config';

/** Allowlisted contact fields → their SQL columns. Nothing else ever reaches the SQL text. */
const COLUMNS: Record<ContactField, string> = {
  email: 'c.email',
  phone: 'c.phone',
  firstName: 'c.first_name',
  lastName: 'c.last_name',
  gender: 'c.gender',
  title: 'c.title',
  language: 'c.language',
  city: 'c.city',
  country: 'c.country',
  createdAt: 'c.created_at',
};

const COMPARISONS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

export class AudienceRuleError extends Error {
  override name = 'AudienceRuleError';
  constructor(
    readonly ruleIndex: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compile audience rules to a parameterised WHERE clause over `contacts c`. Field names come
 * from the allowlist, values only ever travel as parameters (`params` is appended to).
 */
export function compileAudienceRules(config: AudienceConfig, params: unknown[]): string {
  if (config.rules.length === 0) return 'TRUE';
  const parts = config.rules.map((rule, index) => `(${compileRule(rule, index, params)})`);
  return parts.join(config.match === 'all' ? ' AND ' : ' OR ');
}

function compileRule(rule: AudienceRule, index: number, params: unknown[]): string {
  if (!isAudienceField(rule.field)) throw new AudienceRuleError(index, `Unknown field "${rule.field}"`);
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (isContactField(rule.field)) return compileColumnRule(rule, index, COLUMNS[rule.field], CONTACT_FIELDS[rule.field].type, param);
  return compileAttributeRule(rule, index, rule.field.slice(ATTRIBUTE_PREFIX.length), param);
}

function compileColumnRule(
  rule: AudienceRule,
  index: number,
  column: string,
  type: string,
  param: (value: unknown) => string,
): string {
  const cast = type === 'date' ? '::timestamptz' : '::text';
  switch (rule.operator) {
    case 'exists':
      return `${column} IS NOT NULL AND ${column}${cast === '::text' ? " <> ''" : ' IS NOT NULL'}`;
    case 'eq':
      return `${column} = ${param(scalar(rule, index))}${cast}`;
    case 'neq':
      return `${column} IS DISTINCT FROM ${param(scalar(rule, index))}${cast}`;
    case 'contains':
      return `${column} ILIKE '%' || ${param(escapeLike(String(scalar(rule, index))))}::text || '%'`;
    case 'in':
      return `${column} = ANY(${param(list(rule, index).map(String))}::text[])`;
    default:
      return `${column} ${COMPARISONS[rule.operator]} ${param(scalar(rule, index))}${cast}`;
  }
}

function compileAttributeRule(rule: AudienceRule, index: number, key: string, param: (value: unknown) => string): string {
  // A function, not a value: each use adds its own parameter, and unused ones must not exist.
  const text = () => `(c.attributes ->> ${param(key)}::text)`;
  switch (rule.operator) {
    case 'exists':
      return `c.attributes ? ${param(key)}::text`;
    case 'eq':
      // Containment uses the GIN index on attributes.
      return `c.attributes @> ${param(JSON.stringify({ [key]: scalar(rule, index) }))}::jsonb`;
    case 'neq':
      return `NOT (c.attributes @> ${param(JSON.stringify({ [key]: scalar(rule, index) }))}::jsonb)`;
    case 'contains':
      return `${text()} ILIKE '%' || ${param(escapeLike(String(scalar(rule, index))))}::text || '%'`;
    case 'in':
      return `${text()} = ANY(${param(list(rule, index).map(String))}::text[])`;
    default: {
      const value = scalar(rule, index);
      const op = COMPARISONS[rule.operator];
      if (typeof value === 'number') {
        // Only numbers compare as numbers: a string attribute never matches, and never errors.
        return `CASE WHEN jsonb_typeof(c.attributes -> ${param(key)}::text) = 'number' THEN ${text()}::numeric END ${op} ${param(value)}::numeric`;
      }
      return `${text()} ${op} ${param(String(value))}::text`;
    }
  }
}

function scalar(rule: AudienceRule, index: number): string | number | boolean {
  if (rule.value === undefined || Array.isArray(rule.value)) {
    throw new AudienceRuleError(index, `Rule ${index + 1} (${rule.field} ${rule.operator}) needs a single value`);
  }
  return rule.value;
}

function list(rule: AudienceRule, index: number): (string | number)[] {
  if (!Array.isArray(rule.value)) throw new AudienceRuleError(index, `Rule ${index + 1} (${rule.field} in) needs a list of values`);
  return rule.value;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
