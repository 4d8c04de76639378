import type { CallbackConfig, Question } from './callback';

/** An answer as the agent gives it: text, a choice and a date (YYYY-MM-DD) as strings, a number, yes/no as a boolean. */
export type Answer = string | number | boolean;

/** A field of a completion the questionnaire refuses: `outcome`, `answers.<key>`. */
export interface AnswerProblem {
  field: string;
  message: string;
}

export const MAX_TEXT_ANSWER = 2_000;

/**
 * What is wrong with closing a call with `outcome` and `answers`, checked against the node's
 * questionnaire: the outcome must be one of the node's, every answer must belong to a question
 * and fit its type, and when the call reached the contact every required question needs an
 * answer (a "no answer" call has nothing to fill in). Shared by the API and the agent console.
 */
export function answerProblems(config: Pick<CallbackConfig, 'outcomes' | 'questions'>, outcome: string, answers: Record<string, unknown>): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const chosen = config.outcomes.find((candidate) => candidate.key === outcome);
  if (!chosen) problems.push({ field: 'outcome', message: `is not an outcome of this call (one of: ${config.outcomes.map((o) => o.key).join(', ')})` });
  const questions = new Map(config.questions.map((question) => [question.key, question]));
  for (const [key, value] of Object.entries(answers)) {
    const question = questions.get(key);
    if (!question) problems.push({ field: `answers.${key}`, message: 'is not a question of this call' });
    else {
      const wrong = answerTypeProblem(question, value);
      if (wrong) problems.push({ field: `answers.${key}`, message: wrong });
    }
  }
  if (chosen?.reached) {
    for (const question of config.questions) {
      if (question.required && answers[question.key] === undefined) problems.push({ field: `answers.${question.key}`, message: `is required ("${question.label}")` });
    }
  }
  return problems;
}

/** Why `value` is no answer to `question`, or undefined when it is one. */
function answerTypeProblem(question: Question, value: unknown): string | undefined {
  switch (question.type) {
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return 'must be text';
      return value.length > MAX_TEXT_ANSWER ? `must be at most ${MAX_TEXT_ANSWER} characters` : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'choice':
      return typeof value === 'string' && (question.options ?? []).includes(value) ? undefined : `must be one of: ${(question.options ?? []).join(', ')}`;
    case 'yes-no':
      return typeof value === 'boolean' ? undefined : 'must be true (yes) or false (no)';
    case 'date':
      return typeof value === 'string' && isCalendarDay(value) ? undefined : 'must be a date written YYYY-MM-DD';
  }
}

/** A real day written YYYY-MM-DD (2023-02-29 is not one). */
function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The answers that go to contact attributes, by attribute key (questions without `attribute` write nothing). */
export function attributeAnswers(config: Pick<CallbackConfig, 'questions'>, answers: Record<string, Answer>): { question: Question; attribute: string; value: Answer }[] {
  return config.questions.flatMap((question) => {
    const value = answers[question.key];
    return question.attribute !== undefined && value !== undefined ? [{ question, attribute: question.attribute, value }] : [];
  });
}
