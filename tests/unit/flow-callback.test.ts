import { describe, expect, it } from 'vitest';
import { answerProblems } from '../../flow/nodes/callback-answers';
import { callbackDueMs, callbackHandle, callbackNode, type CallbackConfig } from '../../flow/nodes/callback';
import { nodeOutputs } from '../../flow/registry';
import { validateFlow } from '../../flow/validate';

const base = callbackNode.defaultConfig;
const questionnaire: CallbackConfig = {
  ...base,
  questions: [
    { key: 'size', label: 'Which size?', type: 'choice', required: true, options: ['S', 'M', 'L'], attribute: 'shirt_size' },
    { key: 'visits', label: 'Visits a month', type: 'number', required: false },
    { key: 'newsletter', label: 'Newsletter?', type: 'yes-no', required: true },
    { key: 'birthday', label: 'Birthday', type: 'date', required: false },
    { key: 'notes', label: 'Anything else', type: 'text', required: false },
  ],
};

/** The messages validation gives one call-back node with `config`. */
function problemsOf(config: unknown) {
  return validateFlow({ nodes: [{ id: 'call', type: 'callback', config: config as Record<string, unknown>, position: { x: 0, y: 0 } }], edges: [] })
    .filter((problem) => problem.code === 'INVALID_CONFIG')
    .map((problem) => ({ field: problem.field, message: problem.message }));
}

describe('the callback node', () => {
  it('has one output per outcome, then objective met, timeout and unreachable', () => {
    expect(nodeOutputs({ type: 'callback', config: base })).toEqual(['interested', 'not_interested', 'no_answer', 'wrong_number', 'objective_met', 'timeout', 'unreachable']);
    const own = { ...base, outcomes: [{ key: 'booked', label: 'Visit booked', reached: true }] };
    expect(nodeOutputs({ type: 'callback', config: own })).toEqual(['booked', 'objective_met', 'timeout', 'unreachable']);
    expect(callbackNode.summary(base, { templateName: () => undefined })).toBe("Calls by the contact's store · 4 outcomes · 0 questions · up to 3 attempts");
    expect(problemsOf(base)).toEqual([]);
    // The canvas summarises configs still being written.
    expect(callbackNode.summary({ script: '' } as CallbackConfig, { templateName: () => undefined })).toBe('Calls by — · 4 outcomes · 0 questions');
  });

  it('explains configs it cannot run', () => {
    const config = {
      ...base,
      outcomes: [...base.outcomes, { key: 'interested', label: 'Again', reached: true }, { key: 'timeout', label: 'Too late', reached: false }],
      questions: [
        { key: 'colour', label: 'Favourite colour', type: 'choice', required: false, options: [] },
        { key: 'colour', label: 'Colour again', type: 'text', required: false, options: ['red'], attribute: 'fav' },
        { key: 'shade', label: 'Shade', type: 'text', required: false, attribute: 'fav' },
      ],
      assignTo: 'round-robin',
      dueInHours: 48,
      deadlineHours: 24,
      maxVisits: 2,
    };
    expect(problemsOf(config)).toEqual([
      { field: 'outcomes.4.key', message: 'Call-back: two outcomes are called "interested"' },
      { field: 'outcomes.5.key', message: 'Call-back: "timeout" is an output of the node itself: name the outcome otherwise' },
      { field: 'questions.0.options', message: 'Call-back: the choice question "Favourite colour" has no options' },
      { field: 'questions.1.key', message: 'Call-back: two questions are called "colour"' },
      { field: 'questions.1.options', message: 'Call-back: only choice questions have options ("Colour again" is text)' },
      { field: 'questions.2.attribute', message: 'Call-back: two questions write the attribute "fav"' },
      { field: 'teamId', message: 'Call-back: choose the team whose agents take turns' },
      { field: 'dueInHours', message: 'Call-back: calls would fall due (48 h) after the deadline (24 h)' },
      { field: 'maxVisits', message: 'Call-back: max visits (2) is below max attempts (3): contacts would stop before their last call' },
    ]);
    expect(problemsOf({ ...base, assignTo: 'user' })).toEqual([{ field: 'userId', message: 'Call-back: choose the person who gets the calls' }]);
    expect(problemsOf({ ...base, questions: [{ key: 'q', label: 'Q', type: 'text', required: false, attribute: 'not an attribute' }] })[0]?.field).toBe('questions.0.attribute');
    expect(problemsOf({ ...base, outcomes: [] })).toEqual([{ field: 'outcomes', message: 'Call-back: Give at least one outcome (at most 20)' }]);
    expect(problemsOf({ ...base, maxAttempts: 0 })).toEqual([{ field: 'maxAttempts', message: 'Call-back: Enter how many unanswered calls make a contact unreachable (1 to 20)' }]);
  });

  it('runs a no-answer loop through a wait, capped by the callback', () => {
    const nodes = [
      { id: 'audience', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
      { id: 'call', type: 'callback', config: { ...base, maxVisits: 3 }, position: { x: 0, y: 0 } },
      { id: 'later', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'days' }, position: { x: 0, y: 0 } },
    ];
    const edges = [
      { id: 'e1', source: 'audience', sourceHandle: 'out', target: 'call' },
      { id: 'e2', source: 'call', sourceHandle: 'no_answer', target: 'later' },
      { id: 'e3', source: 'later', sourceHandle: 'out', target: 'call' },
    ];
    expect(validateFlow({ nodes, edges })).toEqual([]);
  });

  it('sends the last unanswered attempt to unreachable, and is never due after its deadline', () => {
    expect(callbackHandle({ maxAttempts: 3 }, 'no_answer', 2)).toBe('no_answer');
    expect(callbackHandle({ maxAttempts: 3 }, 'no_answer', 3)).toBe('unreachable');
    expect(callbackHandle({ maxAttempts: 3 }, 'interested', 3)).toBe('interested');
    expect(callbackHandle({ maxAttempts: 1 }, 'objective_met', 1)).toBe('objective_met');
    expect(callbackDueMs({ dueInHours: 2 })).toBe(7_200_000);
    expect(callbackDueMs({ dueInHours: 2, deadlineHours: 0.5 })).toBe(1_800_000);
  });
});

describe('answers to a call', () => {
  it('accepts answers of the right types, and no required ones when the call did not reach the contact', () => {
    expect(answerProblems(questionnaire, 'interested', { size: 'M', newsletter: false, visits: 2, birthday: '1990-02-28', notes: 'call after 5' })).toEqual([]);
    expect(answerProblems(questionnaire, 'no_answer', {})).toEqual([]);
  });

  it('names each field that is wrong', () => {
    expect(answerProblems(questionnaire, 'maybe', { size: 'XL', visits: 'two', newsletter: 'yes', birthday: '2023-02-29', notes: '  ', colour: 'red' })).toEqual([
      { field: 'outcome', message: 'is not an outcome of this call (one of: interested, not_interested, no_answer, wrong_number)' },
      { field: 'answers.size', message: 'must be one of: S, M, L' },
      { field: 'answers.visits', message: 'must be a number' },
      { field: 'answers.newsletter', message: 'must be true (yes) or false (no)' },
      { field: 'answers.birthday', message: 'must be a date written YYYY-MM-DD' },
      { field: 'answers.notes', message: 'must be text' },
      { field: 'answers.colour', message: 'is not a question of this call' },
    ]);
    expect(answerProblems(questionnaire, 'interested', { visits: 1 })).toEqual([
      { field: 'answers.size', message: 'is required ("Which size?")' },
      { field: 'answers.newsletter', message: 'is required ("Newsletter?")' },
    ]);
    expect(answerProblems(questionnaire, 'objective_met', {})[0]?.field).toBe('outcome');
  });
});
