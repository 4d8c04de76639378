import { Value } from '@sinclair/typebox/value';
import {
  FieldConditionSchema,
  MAX_SEGMENT_DEPTH,
  SpecialConditionSchema,
  type SegmentRule,
} from './segment-rule';
import { isSegmentField } from './segment-fields';

/** One thing wrong with a rule tree, pinned to its path (`rules.1.rules.0.field`). */
export interface SegmentProblem {
  path: string;
  message: string;
}

/**
 * Check a rule tree without trusting its shape, naming the path of each problem so the builder
 * (and a 422) can point at the exact condition. An empty list means the tree compiles.
 */
export function validateSegmentRule(rule: unknown): SegmentProblem[] {
  const problems: SegmentProblem[] = [];
  visit(rule, '', 0, problems);
  return problems;
}

/** Narrow an unknown value to a valid rule tree (after {@link validateSegmentRule} found nothing). */
export function isValidSegmentRule(rule: unknown): rule is SegmentRule {
  return validateSegmentRule(rule).length === 0;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function visit(rule: unknown, path: string, depth: number, problems: SegmentProblem[]): void {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    problems.push({ path, message: 'must be a group or a condition object' });
    return;
  }
  if (depth > MAX_SEGMENT_DEPTH) {
    problems.push({ path, message: `nests deeper than ${MAX_SEGMENT_DEPTH} levels` });
    return;
  }
  const node = rule as Record<string, unknown>;
  if ('op' in node) return visitGroup(node, path, depth, problems);
  if ('kind' in node) {
    if (!Value.Check(SpecialConditionSchema, node)) problems.push({ path: join(path, 'kind'), message: describeSchemaError(node) });
    else checkRange(node, path, problems);
    return;
  }
  visitField(node, path, problems);
}

function visitGroup(node: Record<string, unknown>, path: string, depth: number, problems: SegmentProblem[]): void {
  const extra = Object.keys(node).filter((key) => key !== 'op' && key !== (node.op === 'not' ? 'rule' : 'rules'));
  for (const key of extra) problems.push({ path: join(path, key), message: 'is not allowed here' });
  if (node.op === 'not') return visit(node.rule, join(path, 'rule'), depth + 1, problems);
  if (node.op !== 'and' && node.op !== 'or') {
    problems.push({ path: join(path, 'op'), message: 'must be and, or, not' });
    return;
  }
  if (!Array.isArray(node.rules)) {
    problems.push({ path: join(path, 'rules'), message: 'must be a list of rules' });
    return;
  }
  node.rules.forEach((child, index) => visit(child, join(join(path, 'rules'), index), depth + 1, problems));
}

function visitField(node: Record<string, unknown>, path: string, problems: SegmentProblem[]): void {
  if (!Value.Check(FieldConditionSchema, node)) {
    const first = Value.Errors(FieldConditionSchema, node).First();
    const where = first?.path.replace(/^\//, '').replaceAll('/', '.') ?? '';
    problems.push({ path: join(path, where || 'field'), message: first?.message ?? 'is not a valid condition' });
    return;
  }
  const { field, operator, value } = node as { field: string; operator: string; value?: unknown };
  if (!isSegmentField(field)) problems.push({ path: join(path, 'field'), message: `names an unknown field "${field}"` });
  else if (operator !== 'exists' && value === undefined) problems.push({ path: join(path, 'value'), message: 'needs a value' });
  else if (operator === 'in' && !Array.isArray(value)) problems.push({ path: join(path, 'value'), message: '"in" needs a list of values' });
  else if (operator !== 'in' && Array.isArray(value)) problems.push({ path: join(path, 'value'), message: 'needs a single value' });
}

function checkRange(node: Record<string, unknown>, path: string, problems: SegmentProblem[]): void {
  if (node.kind === 'bought' && node.productCode === undefined && node.family === undefined) {
    problems.push({ path: join(path, 'family'), message: 'name a product code or a family' });
  }
  if (typeof node.from === 'string' && typeof node.to === 'string' && node.from > node.to) {
    problems.push({ path: join(path, 'to'), message: 'must not be before "from"' });
  }
}

function describeSchemaError(node: Record<string, unknown>): string {
  const first = Value.Errors(SpecialConditionSchema, node).First();
  return `"${String(node.kind)}" condition is invalid${first ? `: ${first.message}` : ''}`;
}
