import { RULE_OPERATORS, type RuleOperator } from '../../../flow/audience-fields';
import {
  isRuleGroup,
  isRuleNegation,
  isSpecialCondition,
  type FieldCondition,
  type SegmentRule,
  type SpecialCondition,
} from '../../../flow/segment-rule';
import {
  entryForField,
  findEntry,
  withSavedOperator,
  withSavedOption,
  withUndeclaredAttribute,
  withUnknownTopic,
  type CatalogEntry,
  type FieldCatalog,
  type FieldEntry,
  type ParamSpec,
  type SpecialEntry,
} from './field-catalog';
import { validateSegmentRule } from '../../../flow/segment-validate';

/**
 * The segment builder's state: a tree of groups and conditions as the user is editing them —
 * text as typed, fields not yet chosen — and its translation to a `SegmentRule`. Pure (no React),
 * so the translation is unit-tested against the flow/ validator.
 */

export interface DraftCondition {
  type: 'condition';
  id: string;
  /** Catalog entry id (`field:attributes.age`, `kind:subscribed`); '' until a field is chosen. */
  entryId: string;
  /** A rule operator for field entries, the entry's comparison for special ones; '' = none chosen. */
  operator: string;
  /** Single inputs as typed, by name (`value`, `from`, `topic`, ...). */
  params: Record<string, string>;
  /** The values of an `in` (is one of) condition. */
  values: string[];
  /** Edited at least once: only then are its problems shown (before the first save). */
  touched: boolean;
}

export interface DraftGroup {
  type: 'group';
  id: string;
  op: 'and' | 'or';
  /** NOT: the group selects the contacts that do not match it. */
  negated: boolean;
  children: DraftNode[];
}

export type DraftNode = DraftGroup | DraftCondition;

/** One thing to fix, pinned to a condition (and one of its inputs when known). */
export interface DraftProblem {
  nodeId: string;
  param?: string;
  message: string;
}

export interface DraftTranslation {
  /** The rule; when `problems` is not empty it is deliberately invalid, so it can never be saved or run as is. */
  rule: SegmentRule;
  problems: DraftProblem[];
  /** Rule path (`rules.1.rule.rules.0`, '' = root) → the draft node it came from, to pin server errors. */
  paths: Record<string, string>;
}

let lastId = 0;
function nextId(): string {
  lastId += 1;
  return `node-${lastId}`;
}

export function newGroup(op: 'and' | 'or' = 'and'): DraftGroup {
  return { type: 'group', id: nextId(), op, negated: false, children: [] };
}

export function newCondition(): DraftCondition {
  return { type: 'condition', id: nextId(), entryId: '', operator: '', params: {}, values: [], touched: false };
}

/** Pick a field: its first operator, inputs cleared (a value typed for "Age" means nothing for "City"). */
export function chooseEntry(condition: DraftCondition, entry: CatalogEntry | undefined): DraftCondition {
  const operator = entry ? (entry.type === 'field' ? entry.operators[0] : entry.operators[0]?.value) ?? '' : '';
  return { ...condition, entryId: entry?.id ?? '', operator, params: {}, values: [], touched: true };
}

/** Change the operator, carrying the value across between one value and "is one of". */
export function chooseOperator(condition: DraftCondition, operator: string): DraftCondition {
  const next = { ...condition, operator, touched: true };
  if (operator === 'in' && condition.operator !== 'in') {
    const single = condition.params.value?.trim();
    return { ...next, values: single ? [single] : [] };
  }
  if (operator !== 'in' && condition.operator === 'in') {
    return { ...next, params: { ...condition.params, value: condition.values[0] ?? '' }, values: [] };
  }
  return next;
}

/** Replace the node with this id (anywhere in the tree) by `update(node)`. */
export function updateNode(root: DraftGroup, id: string, update: (node: DraftNode) => DraftNode): DraftGroup {
  const visit = (node: DraftNode): DraftNode => {
    if (node.id === id) return update(node);
    if (node.type === 'condition') return node;
    return { ...node, children: node.children.map(visit) };
  };
  return visit(root) as DraftGroup;
}

/** The tree without the node with this id (the root itself cannot be removed). */
export function removeNode(root: DraftGroup, id: string): DraftGroup {
  const visit = (group: DraftGroup): DraftGroup => ({
    ...group,
    children: group.children.filter((child) => child.id !== id).map((child) => (child.type === 'group' ? visit(child) : child)),
  });
  return visit(root);
}

/** Add `node` as the last child of the group with this id. */
export function appendChild(root: DraftGroup, groupId: string, node: DraftNode): DraftGroup {
  return updateNode(root, groupId, (group) => (group.type === 'group' ? { ...group, children: [...group.children, node] } : group));
}

/**
 * The problems the builder shows now: a group's own always, a condition's once it was edited
 * (or loaded), every one after a save attempt (`showAll`).
 */
export function visibleProblems<T extends DraftProblem>(root: DraftGroup, problems: readonly T[], showAll: boolean): T[] {
  if (showAll) return [...problems];
  const shown = new Set<string>();
  const visit = (group: DraftGroup) => {
    shown.add(group.id);
    for (const child of group.children) {
      if (child.type === 'group') visit(child);
      else if (child.touched) shown.add(child.id);
    }
  };
  visit(root);
  return problems.filter((problem) => shown.has(problem.nodeId));
}

/** Mark every condition as edited, so all problems show (after a save attempt). */
export function touchAll(root: DraftGroup): DraftGroup {
  const visit = (node: DraftNode): DraftNode => (node.type === 'condition' ? { ...node, touched: true } : { ...node, children: node.children.map(visit) });
  return visit(root) as DraftGroup;
}

// ---------------------------------------------------------------------------------------------
// Draft → rule

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseTyped(entry: FieldEntry, text: string): Parsed<string | number | boolean> {
  const trimmed = text.trim();
  switch (entry.valueType) {
    case 'number': {
      const number = Number(trimmed);
      return trimmed !== '' && Number.isFinite(number) ? { ok: true, value: number } : { ok: false, message: 'Enter a number' };
    }
    case 'date':
      return DATE_PATTERN.test(trimmed) ? { ok: true, value: trimmed } : { ok: false, message: 'Enter a date (YYYY-MM-DD)' };
    case 'boolean':
      if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
      return { ok: false, message: 'Choose yes or no' };
    default:
      if (trimmed === '') return { ok: false, message: entry.options ? 'Choose a value' : 'Enter a value' };
      if (entry.options && !entry.options.some((option) => option.value === trimmed)) return { ok: false, message: 'Choose one of the listed values' };
      return { ok: true, value: trimmed };
  }
}

function fieldCondition(condition: DraftCondition, entry: FieldEntry, problems: DraftProblem[]): FieldCondition {
  const fail = (message: string, param: string): FieldCondition => {
    problems.push({ nodeId: condition.id, param, message });
    // No value with an operator other than `exists`: the flow/ validator refuses it, so a draft
    // with a problem can never be saved or run by mistake.
    return { field: entry.field, operator: 'eq' };
  };
  const operator = condition.operator as RuleOperator;
  if (!entry.operators.includes(operator)) return fail('Choose an operator', 'operator');
  if (operator === 'exists') return { field: entry.field, operator };
  if (operator === 'in') {
    const values: (string | number)[] = [];
    for (const text of condition.values) {
      const parsed = parseTyped(entry, text);
      if (!parsed.ok) return fail(`"${text}": ${parsed.message.toLowerCase()}`, 'values');
      if (typeof parsed.value !== 'boolean') values.push(parsed.value);
    }
    if (values.length === 0) return fail(entry.options ? 'Choose at least one value' : 'Enter at least one value', 'values');
    return { field: entry.field, operator, value: values };
  }
  const parsed = parseTyped(entry, condition.params.value ?? '');
  if (!parsed.ok) return fail(parsed.message, 'value');
  return { field: entry.field, operator, value: parsed.value };
}

function parseParam(spec: ParamSpec, text: string): Parsed<string | number> | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return spec.required ? { ok: false, message: spec.input.kind === 'select' ? `Choose ${spec.label.toLowerCase()}` : `Enter ${spec.label.toLowerCase()}` } : undefined;
  switch (spec.input.kind) {
    case 'number': {
      const number = Number(trimmed);
      if (!Number.isFinite(number)) return { ok: false, message: 'Enter a number' };
      if (spec.input.integer && !Number.isInteger(number)) return { ok: false, message: 'Enter a whole number' };
      if (spec.input.min !== undefined && number < spec.input.min) return { ok: false, message: `Must be at least ${spec.input.min}` };
      return { ok: true, value: number };
    }
    case 'date':
      return DATE_PATTERN.test(trimmed) ? { ok: true, value: trimmed } : { ok: false, message: 'Enter a date (YYYY-MM-DD)' };
    case 'select':
      return spec.input.options.some((option) => option.value === trimmed) ? { ok: true, value: trimmed } : { ok: false, message: `Choose ${spec.label.toLowerCase()}` };
    case 'text':
      return { ok: true, value: trimmed };
  }
}

/** Inputs a loaded rule had that the builder shows no input for (an engagement's campaign), kept as they were. */
const PASSTHROUGH_PARAMS = ['campaignId'] as const;

function specialCondition(condition: DraftCondition, entry: SpecialEntry, problems: DraftProblem[]): SpecialCondition {
  const before = problems.length;
  const fields: Record<string, string | number | boolean> = { kind: entry.kind };
  if (entry.operators.length > 0) {
    if (entry.operators.some((option) => option.value === condition.operator)) fields.operator = condition.operator;
    else problems.push({ nodeId: condition.id, param: 'operator', message: 'Choose a comparison' });
  }
  for (const spec of entry.params) {
    const parsed = parseParam(spec, condition.params[spec.name] ?? '');
    if (parsed === undefined) continue;
    if (parsed.ok) fields[spec.name] = parsed.value;
    else problems.push({ nodeId: condition.id, param: spec.name, message: parsed.message });
  }
  for (const name of PASSTHROUGH_PARAMS) {
    const kept = condition.params[name];
    if (kept) fields[name] = kept;
  }
  if (entry.kind === 'customer' && typeof fields.value === 'string') fields.value = fields.value === 'true';
  if (entry.kind === 'bought' && fields.productCode === undefined && fields.family === undefined && problems.length === before) {
    problems.push({ nodeId: condition.id, param: 'productCode', message: 'Name a product code or a family' });
  }
  if (typeof fields.from === 'string' && typeof fields.to === 'string' && fields.from > fields.to) {
    problems.push({ nodeId: condition.id, param: 'to', message: 'Must not be before "From"' });
  }
  // A bare `{ kind }` fails the flow/ schema (or the bought check): an unfinished condition stays invalid.
  return (problems.length === before ? fields : { kind: entry.kind }) as SpecialCondition;
}

/**
 * Translate the builder's tree into a rule tree, with every problem pinned to its condition.
 * A NOT group becomes `{ op: 'not', rule: { op, rules } }`.
 */
export function toSegmentRule(root: DraftGroup, catalog: FieldCatalog): DraftTranslation {
  const problems: DraftProblem[] = [];
  const paths: Record<string, string> = {};
  const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

  const visit = (node: DraftNode, path: string): SegmentRule => {
    paths[path] = node.id;
    if (node.type === 'group') {
      const inner = node.negated ? join(path, 'rule') : path;
      const group: SegmentRule = { op: node.op, rules: node.children.map((child, index) => visit(child, join(join(inner, 'rules'), index))) };
      return node.negated ? { op: 'not', rule: group } : group;
    }
    const entry = findEntry(catalog, node.entryId);
    if (!entry) {
      problems.push({ nodeId: node.id, param: 'entry', message: 'Choose a field' });
      return { field: '', operator: 'eq' };
    }
    return entry.type === 'field' ? fieldCondition(node, entry, problems) : specialCondition(node, entry, problems);
  };
  const rule = visit(root, '');
  if (problems.length === 0) {
    // The builder's checks should catch everything; the shared validator is the last word, and
    // whatever it still finds is pinned to the condition it names.
    for (const problem of validateSegmentRule(rule)) {
      problems.push({ nodeId: nodeForProblemPath(paths, problem.path) ?? root.id, message: problem.message });
    }
  }
  return { rule, problems, paths };
}

/**
 * The draft node a rule path names (`rules.1.rules.0.field`, relative to the rule): the deepest
 * node whose path is a prefix of it. Undefined = not in the tree.
 */
export function nodeForProblemPath(paths: Record<string, string>, path: string): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [candidate, id] of Object.entries(paths)) {
    const matches = candidate === '' || path === candidate || path.startsWith(`${candidate}.`);
    if (matches && candidate.length > bestLength) {
      best = id;
      bestLength = candidate.length;
    }
  }
  return best;
}

/**
 * The rule-relative path of a request field the API (or validateFlow) blamed: `rule.rules.1.field`
 * → `rules.1.field`, `rule` → ''. Undefined when the field is not inside the rule (`name`).
 */
export function rulePathOf(field: string, ruleKey = 'rule'): string | undefined {
  if (field === ruleKey) return '';
  return field.startsWith(`${ruleKey}.`) ? field.slice(ruleKey.length + 1) : undefined;
}

/** A request field the API blamed, as problem+json `errors` carry it. */
export interface BlamedField {
  field: string;
  message: string;
}

/**
 * Sort a refused save's field errors by where the form shows them: rule paths onto their
 * conditions (the root group when the path is not in the tree), the name onto the name field,
 * anything else at the top of the form.
 */
export function placeFieldErrors(
  errors: readonly BlamedField[],
  paths: Record<string, string>,
  rootId: string,
): { pinned: DraftProblem[]; name: string | null; unplaced: BlamedField[] } {
  const pinned: DraftProblem[] = [];
  const unplaced: BlamedField[] = [];
  let name: string | null = null;
  for (const error of errors) {
    const rulePath = rulePathOf(error.field);
    if (rulePath !== undefined) pinned.push({ nodeId: nodeForProblemPath(paths, rulePath) ?? rootId, message: error.message });
    else if (error.field === 'name') name = error.message;
    else unplaced.push(error);
  }
  return { pinned, name, unplaced };
}

// ---------------------------------------------------------------------------------------------
// Rule → draft

function isRuleOperator(value: string): value is RuleOperator {
  return (RULE_OPERATORS as readonly string[]).includes(value);
}

/**
 * Open a saved rule tree in the builder. Returns the catalog too, extended with whatever the rule
 * names that the catalog lacks (an undeclared attribute, an unknown topic, an operator or value
 * the field does not offer), so nothing is lost. Its conditions count as edited: were anything
 * still to fix in a saved rule, it shows at once instead of silently blocking the count.
 */
export function fromSegmentRule(rule: SegmentRule, initialCatalog: FieldCatalog): { root: DraftGroup; catalog: FieldCatalog } {
  let catalog = initialCatalog;

  const fromField = (condition: FieldCondition): DraftCondition => {
    catalog = withUndeclaredAttribute(catalog, condition.field, condition.value);
    // Keep what was saved even where the builder would not have offered it, so the rule opens
    // countable and unchanged: the saved operator, and values outside the field's choices.
    if (isRuleOperator(condition.operator)) catalog = withSavedOperator(catalog, condition.field, condition.operator);
    for (const value of Array.isArray(condition.value) ? condition.value : [condition.value]) {
      if (typeof value === 'string') catalog = withSavedOption(catalog, condition.field, value);
    }
    const entry = entryForField(catalog, condition.field);
    const draft: DraftCondition = { ...newCondition(), entryId: entry?.id ?? '', operator: isRuleOperator(condition.operator) ? condition.operator : '', touched: true };
    if (Array.isArray(condition.value)) return { ...draft, values: condition.value.map(String) };
    return condition.value === undefined ? draft : { ...draft, params: { value: String(condition.value) } };
  };

  const fromSpecial = (condition: SpecialCondition): DraftCondition => {
    if (condition.kind === 'subscribed') catalog = withUnknownTopic(catalog, condition.topic);
    const params: Record<string, string> = {};
    let operator = '';
    for (const [key, value] of Object.entries(condition)) {
      if (key === 'kind') continue;
      if (key === 'operator') operator = String(value);
      else params[key] = String(value);
    }
    return { ...newCondition(), entryId: `kind:${condition.kind}`, operator, params, touched: true };
  };

  const fromNode = (node: SegmentRule): DraftNode => {
    if (isRuleGroup(node)) return { ...newGroup(node.op), children: node.rules.map(fromNode) };
    if (isRuleNegation(node)) {
      const inner = fromNode(node.rule);
      // NOT of a single condition is shown as a NOT group holding it.
      return inner.type === 'group' ? { ...inner, negated: !inner.negated } : { ...newGroup(), negated: true, children: [inner] };
    }
    return isSpecialCondition(node) ? fromSpecial(node) : fromField(node);
  };

  const top = fromNode(rule);
  const root = top.type === 'group' ? top : { ...newGroup(), children: [top] };
  return { root, catalog };
}
