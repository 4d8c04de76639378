import { describe, expect, it } from 'vitest';
import { answerProblems } from '../../flow/nodes/callback-answers';
import { DEFAULT_OUTCOMES, type Question } from '../../flow/nodes/callback';
import { answersOf, draftsOf, problemsByField } from '../../designer/src/tasks/answer-draft';

const QUESTIONS: Question[] = [
  { key: 'size', label: 'Which size?', type: 'choice', required: true, options: ['S', 'M', 'L'] },
  { key: 'budget', label: 'Budget', type: 'number', required: false },
  { key: 'calls_ok', label: 'May we call again?', type: 'yes-no', required: false },
  { key: 'visit', label: 'Visit on', type: 'date', required: false },
  { key: 'notes', label: 'Notes', type: 'text', required: false },
];

describe('the console’s questionnaire: drafts to answers', () => {
  it('converts each filled-in question to its type and leaves the empty ones out', () => {
    const answers = answersOf(QUESTIONS, { size: 'M', budget: ' 12,5 ', calls_ok: 'no', visit: '2026-12-24', notes: '  back after lunch ' });
    expect(answers).toEqual({ size: 'M', budget: 12.5, calls_ok: false, visit: '2026-12-24', notes: '  back after lunch ' });
    expect(answersOf(QUESTIONS, { size: '', budget: '', calls_ok: '', visit: '', notes: '   ' })).toEqual({});
    // What the API accepts: the same check the API makes finds nothing wrong.
    expect(answerProblems({ outcomes: DEFAULT_OUTCOMES, questions: QUESTIONS }, 'interested', answers)).toEqual([]);
  });

  it('sends a number that does not read as one as its text, so the API names it under its question', () => {
    const answers = answersOf(QUESTIONS, { size: 'S', budget: 'a lot' });
    expect(answers.budget).toBe('a lot');
    expect(answerProblems({ outcomes: DEFAULT_OUTCOMES, questions: QUESTIONS }, 'interested', answers)).toEqual([{ field: 'answers.budget', message: 'must be a number' }]);
  });

  it('starts from a call’s saved answers, yes/no as the select’s values', () => {
    expect(draftsOf(QUESTIONS, { size: 'L', budget: 40, calls_ok: true })).toEqual({ size: 'L', budget: '40', calls_ok: 'yes', visit: '', notes: '' });
  });

  it('sorts the API’s problems: answers by question key, the rest by field, the first message of each kept', () => {
    expect(
      problemsByField([
        { field: 'answers.size', message: 'is required ("Which size?")' },
        { field: 'answers.size', message: 'second message' },
        { field: 'outcome', message: 'is not an outcome of this call' },
        { field: 'at', message: 'must be in the future' },
      ]),
    ).toEqual({ answers: { size: 'is required ("Which size?")' }, other: { outcome: 'is not an outcome of this call', at: 'must be in the future' } });
  });
});
