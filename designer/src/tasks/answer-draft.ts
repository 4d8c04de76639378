import type { Answer } from '../../../flow/nodes/callback-answers';
import type { Question } from '../../../flow/nodes/callback';
import type { FieldProblem } from '../api/tasks-client';

/**
 * The questionnaire as the form holds it: one string per question, as its input gives it (a
 * number's text, a choice, 'yes' / 'no', a YYYY-MM-DD day); '' = not answered.
 */
export type AnswerDrafts = Readonly<Record<string, string>>;

/** The form's starting values: a call's saved answers (when reopened), else empty. */
export function draftsOf(questions: readonly Question[], saved: Readonly<Record<string, Answer>>): Record<string, string> {
  return Object.fromEntries(
    questions.map((question) => {
      const value = saved[question.key];
      if (value === undefined) return [question.key, ''];
      if (typeof value === 'boolean') return [question.key, value ? 'yes' : 'no'];
      return [question.key, String(value)];
    }),
  );
}

/**
 * The answers to send: each filled-in question converted to its type (number, boolean); an
 * unanswered one is left out. A number that does not read as one is sent as its text, so the
 * API's check names it (the console shows the message under the question).
 */
export function answersOf(questions: readonly Question[], drafts: AnswerDrafts): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const question of questions) {
    const draft = (drafts[question.key] ?? '').trim();
    if (draft === '') continue;
    if (question.type === 'number') {
      const number = Number(draft.replace(',', '.'));
      answers[question.key] = Number.isFinite(number) ? number : draft;
    } else if (question.type === 'yes-no') answers[question.key] = draft === 'yes';
    else answers[question.key] = question.type === 'text' ? (drafts[question.key] ?? '') : draft;
  }
  return answers;
}

/** Messages by field: `answers.size` under its question (by key), the rest (`outcome`, `at`, `comment`) by name. */
export interface ProblemsByField {
  answers: Record<string, string>;
  other: Record<string, string>;
}

export function problemsByField(problems: readonly FieldProblem[]): ProblemsByField {
  const byField: ProblemsByField = { answers: {}, other: {} };
  for (const { field, message } of problems) {
    const answer = /^answers\.(.+)$/.exec(field);
    if (answer?.[1]) byField.answers[answer[1]] ??= message;
    else byField.other[field] ??= message;
  }
  return byField;
}
