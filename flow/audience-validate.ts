import { Value } from '@sinclair/typebox/value';
import { isAudienceField } from './audience-fields';
import { AudienceConfigSchema, type AudienceConfig } from './nodes/audience-config';

/** One thing wrong with the audience node's flat `{ match, rules }`, pinned to its path (`rules.1.value`). */
export interface AudienceConfigProblem {
  path: string;
  message: string;
}

/** A rule the flat compiler (db/audience-sql.ts) would refuse: its index, the part at fault, why. */
export interface AudienceRuleProblem {
  index: number;
  part: 'field' | 'value';
  message: string;
}

/**
 * The rules of a well-formed flat config that would not compile: an unknown field, a missing
 * value, a list where one value is meant or one value where `in` needs a list. Shared by flow
 * validation and the API's preview, so a flow that saves is a flow whose audience counts.
 */
export function audienceRuleProblems(config: AudienceConfig): AudienceRuleProblem[] {
  return config.rules.flatMap((rule, index): AudienceRuleProblem[] => {
    if (!isAudienceField(rule.field)) return [{ index, part: 'field', message: `names an unknown field "${rule.field}"` }];
    if (rule.operator === 'exists') return [];
    if (rule.value === undefined) return [{ index, part: 'value', message: 'needs a value' }];
    if (rule.operator === 'in' && !Array.isArray(rule.value)) return [{ index, part: 'value', message: '("in") needs a list of values' }];
    if (rule.operator !== 'in' && Array.isArray(rule.value)) return [{ index, part: 'value', message: `(${rule.operator}) needs a single value` }];
    return [];
  });
}

/**
 * Check a flat audience config without trusting its shape: the schema first (the first
 * explanation per path), then {@link audienceRuleProblems}. An empty list means it compiles.
 */
export function validateAudienceConfig(config: unknown): AudienceConfigProblem[] {
  const shape = new Map<string, string>();
  for (const error of Value.Errors(AudienceConfigSchema, config)) {
    const path = error.path.replace(/^\//, '').replaceAll('/', '.');
    if (!shape.has(path)) shape.set(path, error.message);
  }
  if (shape.size > 0) return [...shape].map(([path, message]) => ({ path, message }));
  return audienceRuleProblems(config as AudienceConfig).map(({ index, part, message }) => ({ path: `rules.${index}.${part}`, message }));
}
