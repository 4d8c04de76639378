import { describe, expect, it } from 'vitest';
import { withAssignment } from '../../designer/src/editor/assignment';
import { addRuleBranch, switchBranchMode } from '../../designer/src/editor/branch-modes';
import { keyFromLabel, moveItem } from '../../designer/src/editor/list-edits';
import { nodeProgressText } from '../../designer/src/editor/node-progress';
import { addOutcome, outcomeKeyProblem, renameOutcome } from '../../designer/src/editor/outcome-list';
import { addQuestion, parseOptions, questionKeyProblem, withQuestionLabel, withQuestionType } from '../../designer/src/editor/questionnaire';
import { toggleId, withReviewerKind } from '../../designer/src/editor/reviewers';
import { addVariant, splitEvenly, splitStatus, splitTotal } from '../../designer/src/editor/split-variants';
import { attributeValue, newOperation, OPERATION_KINDS } from '../../designer/src/editor/update-operations';
import { branchNode } from '../../flow/nodes/branch';
import { callbackNode, DEFAULT_OUTCOMES } from '../../flow/nodes/callback';
import { reviewNode, reviewersOf } from '../../flow/nodes/review';
import { updateNode } from '../../flow/nodes/update';
import { validateFlow } from '../../flow/validate';

describe('the split percentages editor', () => {
  it('adds up in hundredths and says what is missing or too much', () => {
    expect(splitTotal([{ name: 'a', percent: 33.33 }, { name: 'b', percent: 33.33 }, { name: 'c', percent: 33.34 }])).toBe(100);
    expect(splitStatus([{ name: 'a', percent: 50 }, { name: 'b', percent: 50 }])).toEqual({ total: 100, complete: true, text: 'Adds up to 100%' });
    expect(splitStatus([{ name: 'a', percent: 60 }, { name: 'b', percent: 30 }]).text).toBe('Adds up to 90%: 10% still to give; it must be 100%');
    expect(splitStatus([{ name: 'a', percent: 70 }, { name: 'b', percent: 40.5 }]).text).toBe('Adds up to 110.5%: 10.5% too much; it must be 100%');
  });

  it('agrees with the node on what it refuses: the editor says "not 100" exactly when the save would', () => {
    for (const percents of [[50, 50], [60, 30], [33.33, 33.33, 33.34], [33.3, 33.3, 33.3]]) {
      const variants = percents.map((percent, index) => ({ name: `v${index}`, percent }));
      const refused = branchNode.extraProblems!('b', { mode: 'random', variants }).some((problem) => problem.field === 'variants');
      expect(refused).toBe(!splitStatus(variants).complete);
    }
  });

  it('gives a new variant what is left, and splits evenly to exactly 100', () => {
    expect(addVariant([{ name: 'a', percent: 70 }])).toEqual([{ name: 'a', percent: 70 }, { name: 'b', percent: 30 }]);
    expect(addVariant([{ name: 'a', percent: 50 }, { name: 'b', percent: 50 }])[2]).toEqual({ name: 'c', percent: 10 });
    const even = splitEvenly([{ name: 'a', percent: 1 }, { name: 'b', percent: 1 }, { name: 'c', percent: 1 }]);
    expect(even.map((variant) => variant.percent)).toEqual([33.33, 33.33, 33.34]);
    expect(splitStatus(even).complete).toBe(true);
  });
});

describe('the outcome list editor', () => {
  it('refuses the node’s reserved outputs and names used twice, in the node’s words', () => {
    expect(outcomeKeyProblem(DEFAULT_OUTCOMES, 0, 'timeout')).toBe('"timeout" is an output of the node itself: name the outcome otherwise');
    expect(renameOutcome(DEFAULT_OUTCOMES, 1, 'interested')).toEqual({ ok: false, message: 'two outcomes are called "interested"' });
    expect(renameOutcome(DEFAULT_OUTCOMES, 0, 'Call later').ok).toBe(false);
    const renamed = renameOutcome(DEFAULT_OUTCOMES, 0, 'very_interested');
    expect(renamed.ok && renamed.outcomes.map((outcome) => outcome.key)).toEqual(['very_interested', 'not_interested', 'no_answer', 'wrong_number']);
  });

  it('adds an outcome named after its label when free, and reorders', () => {
    expect(addOutcome(DEFAULT_OUTCOMES, 'Call later').at(-1)).toEqual({ key: 'call_later', label: 'Call later', reached: true });
    expect(addOutcome(DEFAULT_OUTCOMES, 'Interested').at(-1)?.key).toBe('outcome_1');
    expect(addOutcome(DEFAULT_OUTCOMES, 'Timeout').at(-1)?.key).toBe('outcome_1');
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('makes outputs of the call-back as it edits them', () => {
    const outcomes = addOutcome(DEFAULT_OUTCOMES, 'Call later');
    expect(callbackNode.outputs({ ...callbackNode.defaultConfig, outcomes })).toContain('call_later');
  });
});

describe('the questionnaire builder', () => {
  it('writes a key from the label until one is chosen by hand', () => {
    const [first] = addQuestion([]);
    expect(first).toEqual({ key: 'question_1', label: '', type: 'text', required: false });
    const typed = withQuestionLabel(withQuestionLabel(first!, 'B', [first!]), 'Budget (€)?', [first!]);
    expect(typed.key).toBe('budget');
    const chosen = withQuestionLabel({ ...typed, key: 'spend' }, 'Budget this year?', [typed]);
    expect(chosen).toMatchObject({ key: 'spend', label: 'Budget this year?' });
    expect(keyFromLabel('2 cars?')).toBe('q_2_cars');
  });

  it('keeps options only on choice questions, one per line', () => {
    const choice = withQuestionType({ key: 'size', label: 'Size', type: 'text', required: true }, 'choice');
    expect(choice.options).toEqual([]);
    expect(withQuestionType({ ...choice, options: ['S', 'M'] }, 'number')).toEqual({ key: 'size', label: 'Size', type: 'number', required: true });
    expect(parseOptions('Small\n\n Medium \nLarge\n')).toEqual(['Small', 'Medium', 'Large']);
  });

  it('refuses a key another question has, or one the node cannot store', () => {
    const questions = [...addQuestion([]), ...addQuestion(addQuestion([]))].slice(0, 2);
    expect(questionKeyProblem(questions, 1, 'question_1')).toBe('Another question is already called "question_1"');
    expect(questionKeyProblem(questions, 1, 'Budget')).toMatch(/lower-case/);
    expect(questionKeyProblem(questions, 1, 'budget')).toBeNull();
  });
});

describe('the branch mode switch', () => {
  it('keeps only the chosen mode’s field, restores what that mode had, keeps the visit cap', () => {
    const random = { mode: 'random', variants: [{ name: 'a', percent: 100 }], maxVisits: 3 };
    const rule = switchBranchMode(random, 'rule');
    expect(rule).toEqual({ mode: 'rule', maxVisits: 3, branches: [{ name: 'match', rule: { op: 'and', rules: [] } }] });
    expect(switchBranchMode(rule, 'random', { variants: random.variants })).toEqual(random);
    expect(switchBranchMode(rule, 'topic')).toEqual({ mode: 'topic', maxVisits: 3 });
    expect(switchBranchMode(rule, 'engagement')).toEqual({ mode: 'engagement', maxVisits: 3, events: ['open', 'click'] });
    expect(addRuleBranch([{ name: 'match', rule: { op: 'and', rules: [] } }]).map((branch) => branch.name)).toEqual(['match', 'branch_1']);
  });

  it('switched to topic without one, the flow says to enter it', () => {
    const graph = {
      nodes: [
        { id: 'a', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
        { id: 'b', type: 'branch', config: switchBranchMode({ mode: 'random' }, 'topic'), position: { x: 0, y: 0 } },
      ],
      edges: [{ id: 'e', source: 'a', sourceHandle: 'out', target: 'b' }],
    };
    expect(validateFlow(graph).filter((problem) => problem.nodeId === 'b').map((problem) => problem.field)).toContain('topic');
  });
});

describe('the call-back assignment', () => {
  it('drops the team or person the new assignment does not use', () => {
    const config = { assignTo: 'round-robin', teamId: 't', script: '' };
    expect(withAssignment(config, 'owner')).toEqual({ assignTo: 'owner', script: '' });
    expect(withAssignment(config, 'round-robin')).toEqual(config);
    expect(withAssignment({ assignTo: 'user', userId: 'u' }, 'user')).toEqual({ assignTo: 'user', userId: 'u' });
  });
});

describe('the review’s reviewers', () => {
  it('keeps only the fields of the chosen kind, so the node reads the reviewers the editor shows', () => {
    const byTeam = withReviewerKind({ ...reviewNode.defaultConfig }, 'team');
    expect(byTeam).toEqual({ instructions: '', reviewers: 'team', deadlineHours: 48, onDeadline: 'approve' });
    expect(reviewNode.extraProblems!('r', byTeam as never).map((problem) => problem.field)).toEqual(['teamId']);
    const named = withReviewerKind({ ...byTeam, teamId: 't', userIds: ['u1'] }, 'users');
    expect(named).toMatchObject({ reviewers: 'users', userIds: ['u1'] });
    expect(named).not.toHaveProperty('teamId');
    expect(reviewersOf(named)).toEqual({ kind: 'users', userIds: ['u1'] });
    expect(withReviewerKind(named, 'role')).toMatchObject({ reviewers: 'role', reviewerRole: 'designer' });
  });

  it('ticks people in and out, and leaves the field out when none is left', () => {
    expect(toggleId(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggleId(['a', 'b'], 'b', true)).toEqual(['a', 'b']);
    expect(toggleId(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggleId(['a'], 'a', false)).toBeUndefined();
  });
});

describe('the update operations editor', () => {
  it('offers every operation the node knows, each starting empty', () => {
    expect(OPERATION_KINDS.map((kind) => kind.title)).toEqual(['Set an attribute', 'Clear an attribute', 'Subscribe to a topic', 'Unsubscribe from a topic', 'Add to a contact list', 'Log an event on the contact']);
    for (const { kind } of OPERATION_KINDS) expect(newOperation(kind).kind).toBe(kind);
    expect(updateNode.summary({ operations: [newOperation('logEvent')] }, { templateName: () => undefined })).toBe('log “”');
  });

  it('types an attribute value by its definition', () => {
    expect(attributeValue('12.5', 'number')).toBe(12.5);
    expect(attributeValue('12 kg', 'number')).toBe('12 kg');
    expect(attributeValue('true', 'boolean')).toBe(true);
    expect(attributeValue('gold', 'list')).toBe('gold');
    expect(attributeValue('42', undefined)).toBe('42');
  });
});

describe('a node’s run badge', () => {
  it('says who waits for a person at a human gate, and counts every output', () => {
    const counts = { current: 120, outcomes: { interested: 3, visit_limit: 1 } };
    expect(nodeProgressText(counts, ['interested', 'timeout'], true)).toEqual({ current: '120 waiting for a person', outcomes: 'interested 3 · timeout 0 · visit_limit 1' });
    expect(nodeProgressText(undefined, [], false)).toEqual({ current: '0 here', outcomes: 'finished 0' });
  });
});
