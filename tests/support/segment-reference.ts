import type { FieldCondition, SegmentRule, SpecialCondition } from '../../flow/segment-rule';
import type { DatasetContact, DatasetOrder } from './segment-dataset';
import { PRODUCTS } from './segment-dataset';

/** The meaning of a rule tree, written plainly in JS: what the SQL compiler must agree with. */
export function evaluateSegment(rule: SegmentRule, contact: DatasetContact): boolean {
  if ('op' in rule) {
    if (rule.op === 'not') return !evaluateSegment(rule.rule, contact);
    return rule.op === 'and' ? rule.rules.every((child) => evaluateSegment(child, contact)) : rule.rules.some((child) => evaluateSegment(child, contact));
  }
  if ('kind' in rule) return evaluateSpecial(rule, contact);
  return evaluateField(rule, contact);
}

function compare(left: number, operator: string, right: number): boolean {
  switch (operator) {
    case 'eq': return left === right;
    case 'neq': return left !== right;
    case 'lt': return left < right;
    case 'lte': return left <= right;
    case 'gt': return left > right;
    default: return left >= right;
  }
}

function inRange(day: string, range: { from?: string; to?: string }): boolean {
  return (range.from === undefined || day >= range.from) && (range.to === undefined || day <= range.to);
}

function evaluateField(condition: FieldCondition, contact: DatasetContact): boolean {
  const { field, operator, value } = condition;
  if (field.startsWith('attributes.')) {
    const key = field.slice('attributes.'.length);
    const actual = contact.attributes[key];
    if (operator === 'exists') return key in contact.attributes;
    if (operator === 'eq') return actual === value;
    if (operator === 'neq') return actual !== value;
    if (operator === 'in') return actual !== undefined && (value as (string | number)[]).map(String).includes(String(actual));
    return typeof actual === 'number' && typeof value === 'number' && compare(actual, operator, value);
  }
  const actual = field === 'language' ? contact.language : field === 'abcClass' ? contact.abcClass : field === 'company.kind' ? contact.companyKind : undefined;
  if (field === 'company.kind' && contact.companyKind === null) return false;
  if (operator === 'eq') return actual === value;
  if (operator === 'neq') return actual !== value;
  if (operator === 'in') return actual !== null && (value as string[]).includes(actual as string);
  throw new Error(`reference evaluator does not know ${field} ${operator}`);
}

function lineFamily(line: DatasetOrder['lines'][number]): string | null {
  return line.family ?? PRODUCTS.find((product) => product.code === line.productCode)?.family ?? null;
}

function evaluateSpecial(condition: SpecialCondition, contact: DatasetContact): boolean {
  switch (condition.kind) {
    case 'bought':
      return contact.orders.some(
        (order) =>
          inRange(order.day, condition) &&
          order.lines.some(
            (line) =>
              (condition.productCode === undefined || line.productCode === condition.productCode) &&
              (condition.family === undefined || lineFamily(line) === condition.family),
          ),
      );
    case 'purchaseCount':
      return compare(contact.orders.filter((order) => inRange(order.day, condition)).length, condition.operator, condition.value);
    case 'purchaseTotal':
      return compare(contact.orders.filter((order) => inRange(order.day, condition)).reduce((sum, order) => sum + order.total, 0), condition.operator, condition.value);
    case 'lastPurchase': {
      if (contact.orders.length === 0) return false;
      const last = contact.orders.map((order) => order.day).sort().at(-1)!;
      return condition.operator === 'before' ? last < condition.date : last >= condition.date;
    }
    case 'engaged':
      return contact.events.some((event) => event.type === condition.event && inRange(event.day, condition));
    case 'subscribed':
      return contact.topics.some((topic) => topic.code === condition.topic && topic.status === 'subscribed');
    case 'customer':
      return (contact.orders.length > 0) === condition.value;
  }
}
