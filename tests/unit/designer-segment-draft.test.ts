import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { AudienceNodeConfigSchema } from '../../flow/nodes/audience-config';
import type { SegmentRule } from '../../flow/segment-rule';
import { validateSegmentRule } from '../../flow/segment-validate';
import { validateFlow } from '../../flow/validate';
import { buildFieldCatalog, findEntry, operatorLabel, type FieldEntry } from '../../designer/src/segments/field-catalog';
import { DEMO_SEGMENT_RULE, DEMO_TOPIC_CODES } from '../../scripts/seed-demo-crm';
import {
  appendChild,
  chooseEntry,
  chooseOperator,
  fromSegmentRule,
  newCondition,
  newGroup,
  nodeForProblemPath,
  placeFieldErrors,
  removeNode,
  rulePathOf,
  toSegmentRule,
  updateNode,
  visibleProblems,
  type DraftCondition,
  type DraftGroup,
} from '../../designer/src/segments/segment-draft';

const catalog = buildFieldCatalog(
  [
    { key: 'age', label: 'Age', type: 'number', options: null },
    { key: 'shoeSize', label: 'Shoe size', type: 'number', options: null },
    { key: 'favouriteColour', label: 'Favourite colour', type: 'string', options: ['blue', 'red'] },
    { key: 'decisionMaker', label: 'Decision maker', type: 'boolean', options: null },
    { key: 'joined', label: 'Joined', type: 'date', options: null },
  ],
  [{ code: 'network-equipment', name: 'Network equipment' }],
);

/** A condition as the user builds it: pick the field, then the operator, then type the inputs. */
function condition(entryId: string, operator: string | null, params: Record<string, string> = {}, values: string[] = []): DraftCondition {
  const entry = findEntry(catalog, entryId);
  if (!entry) throw new Error(`no catalog entry ${entryId}`);
  let draft = chooseEntry(newCondition(), entry);
  if (operator !== null) draft = chooseOperator(draft, operator);
  return { ...draft, params: { ...draft.params, ...params }, values: values.length > 0 ? values : draft.values };
}

function group(op: 'and' | 'or', children: DraftGroup['children'], negated = false): DraftGroup {
  return { ...newGroup(op), negated, children };
}

/** The rule must pass the same checks the API and the flow validator apply. */
function expectValid(rule: SegmentRule) {
  expect(validateSegmentRule(rule)).toEqual([]);
  expect(Value.Check(AudienceNodeConfigSchema, { source: 'rules', rule })).toBe(true);
}

function flowWithRule(rule: SegmentRule) {
  return {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      { id: 'audience', type: 'audience', config: { source: 'rules', rule }, position: { x: 0, y: 0 } },
      { id: 'end', type: 'end', config: { finalStatus: 'done' }, position: { x: 300, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'audience', sourceHandle: 'out', target: 'end' }],
  };
}

describe('segment builder state → SegmentRule', () => {
  it("builds seed 000's segment exactly as the API test writes it", () => {
    const root = group('and', [
      condition('field:attributes.decisionMaker', 'eq', { value: 'true' }),
      condition('kind:subscribed', null, { topic: 'network-equipment' }),
      condition('field:attributes.age', 'lt', { value: '45' }),
      condition('field:attributes.favouriteColour', 'eq', { value: 'blue' }),
      condition('field:attributes.shoeSize', 'gt', { value: ' 40 ' }),
    ]);
    const { rule, problems } = toSegmentRule(root, catalog);
    expect(problems).toEqual([]);
    expect(rule).toEqual({
      op: 'and',
      rules: [
        { field: 'attributes.decisionMaker', operator: 'eq', value: true },
        { kind: 'subscribed', topic: 'network-equipment' },
        { field: 'attributes.age', operator: 'lt', value: 45 },
        { field: 'attributes.favouriteColour', operator: 'eq', value: 'blue' },
        { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
      ],
    });
    expectValid(rule);
    expect(validateFlow(flowWithRule(rule))).toEqual([]);
  });

  it('writes NOT groups, "is one of" lists, exists and every special condition in the flow/ shape', () => {
    const root = group('or', [
      group('and', [condition('field:abcClass', 'in', {}, ['A', 'B']), condition('field:email', 'exists')], true),
      condition('field:attributes.shoeSize', 'in', {}, ['41', '42']),
      condition('field:attributes.joined', 'gte', { value: '2024-01-01' }),
      condition('kind:bought', null, { family: 'switches', from: '2024-01-01', to: '2024-06-30' }),
      condition('kind:purchaseCount', 'gte', { value: '3' }),
      condition('kind:purchaseTotal', 'gt', { value: '99.5', to: '2024-12-31' }),
      condition('kind:lastPurchase', 'before', { date: '2024-03-15' }),
      condition('kind:engaged', null, { event: 'click' }),
      condition('kind:customer', null, { value: 'false' }),
    ]);
    const { rule, problems } = toSegmentRule(root, catalog);
    expect(problems).toEqual([]);
    expect(rule).toEqual({
      op: 'or',
      rules: [
        { op: 'not', rule: { op: 'and', rules: [{ field: 'abcClass', operator: 'in', value: ['A', 'B'] }, { field: 'email', operator: 'exists' }] } },
        { field: 'attributes.shoeSize', operator: 'in', value: [41, 42] },
        { field: 'attributes.joined', operator: 'gte', value: '2024-01-01' },
        { kind: 'bought', family: 'switches', from: '2024-01-01', to: '2024-06-30' },
        { kind: 'purchaseCount', operator: 'gte', value: 3 },
        { kind: 'purchaseTotal', operator: 'gt', value: 99.5, to: '2024-12-31' },
        { kind: 'lastPurchase', operator: 'before', date: '2024-03-15' },
        { kind: 'engaged', event: 'click' },
        { kind: 'customer', value: false },
      ],
    });
    expectValid(rule);
  });

  it('pins each unfinished input to its condition, and the rule it writes is then refused by flow/', () => {
    const noField = newCondition();
    const badNumber = condition('field:attributes.age', 'lt', { value: 'forty' });
    const noValues = condition('field:attributes.favouriteColour', 'in');
    const noProduct = condition('kind:bought', null, { from: '2024-05-01', to: '2024-01-01' });
    const fractionalCount = condition('kind:purchaseCount', 'eq', { value: '1.5' });
    const noTopic = condition('kind:subscribed', null);
    const root = group('and', [noField, badNumber, group('or', [noValues, noProduct]), fractionalCount, noTopic]);
    const { rule, problems } = toSegmentRule(root, catalog);
    expect(problems).toEqual([
      { nodeId: noField.id, param: 'entry', message: 'Choose a field' },
      { nodeId: badNumber.id, param: 'value', message: 'Enter a number' },
      { nodeId: noValues.id, param: 'values', message: 'Choose at least one value' },
      { nodeId: noProduct.id, param: 'productCode', message: 'Name a product code or a family' },
      { nodeId: noProduct.id, param: 'to', message: 'Must not be before "From"' },
      { nodeId: fractionalCount.id, param: 'value', message: 'Enter a whole number' },
      { nodeId: noTopic.id, param: 'topic', message: 'Choose topic' },
    ]);
    // Every unfinished condition makes the whole rule invalid, so it can never be saved or run as is.
    const refused = validateSegmentRule(rule).map((problem) => problem.path);
    expect(refused).toEqual(expect.arrayContaining(['rules.0.field', 'rules.1.value', 'rules.2.rules.0.value', 'rules.2.rules.1.family']));
    expect(refused.some((path) => path.startsWith('rules.3'))).toBe(true);
    expect(refused.some((path) => path.startsWith('rules.4'))).toBe(true);
    expect(validateFlow(flowWithRule(rule)).some((problem) => problem.nodeId === 'audience' && problem.code === 'INVALID_CONFIG')).toBe(true);
  });

  it('keeps a value across operators, and changing the field clears what was typed for the old one', () => {
    let draft = condition('field:attributes.age', 'lt', { value: '45' });
    draft = chooseOperator(draft, 'in');
    expect(draft.values).toEqual(['45']);
    draft = chooseOperator(draft, 'gte');
    expect(draft.params.value).toBe('45');
    const moved = chooseEntry(draft, findEntry(catalog, 'field:city'));
    expect(moved).toMatchObject({ entryId: 'field:city', operator: 'eq', params: {}, values: [] });
  });

  it('maps an error path of the API or of validateFlow back to the condition it names', () => {
    const inner = condition('field:attributes.age', 'lt', { value: '45' });
    const negated = group('and', [inner], true);
    const first = condition('field:email', 'exists');
    const root = group('and', [first, negated]);
    const { paths } = toSegmentRule(root, catalog);
    expect(nodeForProblemPath(paths, rulePathOf('rule.rules.1.rule.rules.0.value')!)).toBe(inner.id);
    expect(nodeForProblemPath(paths, rulePathOf('rule.rules.0.field')!)).toBe(first.id);
    expect(nodeForProblemPath(paths, rulePathOf('rule.rules.1.rule')!)).toBe(negated.id);
    expect(nodeForProblemPath(paths, rulePathOf('rule')!)).toBe(root.id);
    expect(rulePathOf('name')).toBeUndefined();
  });

  it("places a refused save's problem+json errors: rule paths on their conditions, the name on its field, the rest on top", () => {
    const first = condition('field:email', 'exists');
    const second = condition('field:attributes.age', 'lt', { value: '45' });
    const root = group('and', [first, second]);
    const { paths } = toSegmentRule(root, catalog);
    const placed = placeFieldErrors(
      [
        { field: 'rule.rules.1.value', message: 'needs a value' },
        { field: 'rule.rules.7.field', message: 'names an unknown field' },
        { field: 'name', message: 'is already taken' },
        { field: 'description', message: 'is too long' },
      ],
      paths,
      root.id,
    );
    expect(placed).toEqual({
      pinned: [
        { nodeId: second.id, message: 'needs a value' },
        // A path the tree no longer has lands on the root group, never nowhere.
        { nodeId: root.id, message: 'names an unknown field' },
      ],
      name: 'is already taken',
      unplaced: [{ field: 'description', message: 'is too long' }],
    });
  });

  it('edits the tree: add, update and remove nodes anywhere', () => {
    const nested = group('or', []);
    let root = group('and', [nested]);
    const added = condition('field:language', 'eq', { value: 'ro' });
    root = appendChild(root, nested.id, added);
    expect((root.children[0] as DraftGroup).children.map((child) => child.id)).toEqual([added.id]);
    root = updateNode(root, nested.id, (node) => ({ ...node, negated: true }) as DraftGroup);
    expect(toSegmentRule(root, catalog).rule).toEqual({ op: 'and', rules: [{ op: 'not', rule: { op: 'or', rules: [{ field: 'language', operator: 'eq', value: 'ro' }] } }] });
    root = removeNode(root, added.id);
    expect(toSegmentRule(root, catalog).rule).toEqual({ op: 'and', rules: [{ op: 'not', rule: { op: 'or', rules: [] } }] });
  });
});

describe('SegmentRule → builder state', () => {
  it('opens a saved rule and writes it back unchanged', () => {
    const rules: SegmentRule[] = [
      { op: 'and', rules: [{ field: 'attributes.decisionMaker', operator: 'eq', value: true }, { kind: 'subscribed', topic: 'network-equipment' }] },
      { op: 'or', rules: [{ op: 'not', rule: { op: 'and', rules: [{ field: 'abcClass', operator: 'in', value: ['A'] }] } }, { kind: 'engaged', event: 'open', campaignId: '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f', from: '2024-01-01' }] },
      { op: 'and', rules: [{ kind: 'purchaseTotal', operator: 'lte', value: 10 }, { kind: 'customer', value: true }, { field: 'createdAt', operator: 'gte', value: '2024-02-01' }] },
    ];
    for (const rule of rules) {
      const opened = fromSegmentRule(rule, catalog);
      const { rule: written, problems } = toSegmentRule(opened.root, opened.catalog);
      expect(problems).toEqual([]);
      expect(written).toEqual(rule);
    }
  });

  it("opens the demo's saved segment countable, showing and keeping the operators it was saved with", () => {
    // The demo declares favouriteColour as a list; its saved rule compares it with `eq`, which the API accepts.
    const demoCatalog = buildFieldCatalog(
      [
        { key: 'age', label: 'Age', type: 'number', options: null },
        { key: 'decisionMaker', label: 'Decision maker', type: 'boolean', options: null },
        { key: 'favouriteColour', label: 'Favourite colour', type: 'list', options: ['blue', 'green', 'red'] },
        { key: 'shoeSize', label: 'Shoe size (EU)', type: 'number', options: null },
      ],
      [{ code: DEMO_TOPIC_CODES.networkEquipment, name: 'Network equipment' }],
    );
    const opened = fromSegmentRule(DEMO_SEGMENT_RULE, demoCatalog);
    const { rule, problems } = toSegmentRule(opened.root, opened.catalog);
    expect(problems).toEqual([]);
    expect(rule).toEqual(DEMO_SEGMENT_RULE);
    const colour = opened.root.children[3] as DraftCondition;
    const entry = findEntry(opened.catalog, colour.entryId);
    expect(entry?.type === 'field' && { operator: colour.operator, offered: entry.operators, label: operatorLabel(entry, 'eq') }).toEqual({
      operator: 'eq',
      offered: ['contains', 'in', 'exists', 'eq'],
      label: 'is',
    });
    // A new condition on the same field still offers the list operators only.
    expect((findEntry(demoCatalog, colour.entryId) as FieldEntry).operators).toEqual(['contains', 'in', 'exists']);
  });

  it('keeps a saved value that is no longer one of the choices, and shows what a loaded rule still lacks at once', () => {
    const saved: SegmentRule = { op: 'and', rules: [{ field: 'attributes.favouriteColour', operator: 'in', value: ['blue', 'teal'] }, { field: 'attributes.age', operator: 'lt', value: 'forty' }] };
    const opened = fromSegmentRule(saved, catalog);
    const translation = toSegmentRule(opened.root, opened.catalog);
    expect(translation.problems).toEqual([{ nodeId: opened.root.children[1]!.id, param: 'value', message: 'Enter a number' }]);
    // Loaded conditions count as edited: the problem is shown, not hidden behind "finish the highlighted conditions".
    expect(visibleProblems(opened.root, translation.problems, false)).toEqual(translation.problems);
    const fixed = updateNode(opened.root, opened.root.children[1]!.id, (node) => ({ ...node, params: { value: '40' } }) as DraftCondition);
    expect(toSegmentRule(fixed, opened.catalog)).toMatchObject({ problems: [], rule: { op: 'and', rules: [saved.rules[0], { field: 'attributes.age', operator: 'lt', value: 40 }] } });
    // A condition just added (nothing chosen yet) is not flagged until it is edited or a save is tried.
    const added = appendChild(fixed, fixed.id, newCondition());
    const problems = toSegmentRule(added, opened.catalog).problems;
    expect(problems).toHaveLength(1);
    expect(visibleProblems(added, problems, false)).toEqual([]);
    expect(visibleProblems(added, problems, true)).toEqual(problems);
  });

  it('wraps a lone condition (or a NOT of one) in a group, and keeps undeclared attributes and unknown topics', () => {
    const lone = fromSegmentRule({ field: 'attributes.loyaltyPoints', operator: 'gt', value: 100 }, catalog);
    expect(toSegmentRule(lone.root, lone.catalog).rule).toEqual({ op: 'and', rules: [{ field: 'attributes.loyaltyPoints', operator: 'gt', value: 100 }] });
    const negated = fromSegmentRule({ op: 'not', rule: { kind: 'subscribed', topic: 'retired' } }, catalog);
    expect(negated.root.negated).toBe(true);
    expect(toSegmentRule(negated.root, negated.catalog).rule).toEqual({ op: 'not', rule: { op: 'and', rules: [{ kind: 'subscribed', topic: 'retired' }] } });
  });
});
