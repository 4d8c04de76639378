import { CONTACT_FIELDS, isContactField } from '../audience-fields';
import { audienceRuleProblems } from '../audience-validate';
import type { FlowProblem } from '../problems';
import { validateSegmentRule } from '../segment-validate';
import { AudienceNodeConfigSchema, type AudienceConfig, type AudienceNodeConfig, type AudienceRule } from './audience-config';
import { defineNode, type NodeReference } from './define';

export const audienceNode = defineNode({
  type: 'audience',
  label: 'Audience',
  description: 'Snapshot the contacts matching the rules into the campaign',
  category: 'audience',
  entry: true,
  configSchema: AudienceNodeConfigSchema,
  defaultConfig: { match: 'all', rules: [] } as AudienceNodeConfig,
  fieldHints: { segmentId: 'Choose a saved segment', listId: 'Choose a contact list' },
  outputs: () => ['out'],
  execution: () => 'activity',
  maxVisits: 1,
  references(config): NodeReference[] {
    if (!('source' in config)) return [];
    if (config.source === 'segment') return [{ kind: 'segment', id: config.segmentId, field: 'segmentId' }];
    if (config.source === 'list') return [{ kind: 'list', id: config.listId, field: 'listId' }];
    return [];
  },
  summary(config) {
    const source = (config as { source?: unknown }).source;
    if (source === 'segment') return 'Saved segment';
    if (source === 'list') return 'Contact list';
    if (source === 'rules') return 'Rule tree';
    const flat = config as Partial<AudienceConfig>;
    const rules = Array.isArray(flat.rules) ? flat.rules : [];
    if (rules.length === 0) return 'Every contact';
    return rules.map(describeRule).join(flat.match === 'any' ? ' or ' : ' and ');
  },
  extraProblems: audienceSourceProblems,
});

function audienceSourceProblems(nodeId: string, config: AudienceNodeConfig): FlowProblem[] {
  if (!('source' in config)) {
    return audienceRuleProblems(config).map(({ index, part, message }) => ({
      nodeId,
      field: `rules.${index}.${part}`,
      code: 'INVALID_CONFIG' as const,
      message: `Audience: rule ${index + 1} ${message}`,
    }));
  }
  if (config.source !== 'rules') return [];
  return validateSegmentRule(config.rule).map((problem) => ({
    nodeId,
    field: problem.path === '' ? 'rule' : `rule.${problem.path}`,
    code: 'INVALID_CONFIG' as const,
    message: `Audience: rule ${problem.path || '(root)'} ${problem.message}`,
  }));
}

const OPERATOR_TEXT: Record<string, string> = {
  eq: '=',
  neq: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  contains: 'contains',
  in: 'in',
  exists: 'is set',
};

/** A field's label for people: the contact field's own label, or the attribute path. */
export function fieldLabel(field: string): string {
  return isContactField(field) ? CONTACT_FIELDS[field].label : field;
}

function describeRule(rule: AudienceRule): string {
  const operator = OPERATOR_TEXT[rule.operator] ?? rule.operator;
  if (rule.operator === 'exists') return `${fieldLabel(rule.field)} ${operator}`;
  const value = Array.isArray(rule.value) ? `[${rule.value.join(', ')}]` : JSON.stringify(rule.value ?? '');
  return `${fieldLabel(rule.field)} ${operator} ${value}`;
}
