import { QuestionSchema, type Question, type QuestionType } from '../../../flow/nodes/callback';
import { freeName, keyFromLabel } from './list-edits';

export const QUESTION_TYPE_LABELS: Readonly<Record<QuestionType, string>> = {
  text: 'Text',
  number: 'Number',
  choice: 'Choice',
  'yes-no': 'Yes / no',
  date: 'Date',
};

const KEY_PATTERN = new RegExp(QuestionSchema.properties.key.pattern ?? '^[a-z][a-z0-9_]*$');

/** A new, empty text question at the end, with a key no other question has. */
export function addQuestion(questions: readonly Question[]): Question[] {
  return [...questions, { key: freeName('question', questions.map((q) => q.key)), label: '', type: 'text', required: false }];
}

/** The question with another type: only a choice keeps (or gets) its options. */
export function withQuestionType(question: Question, type: QuestionType): Question {
  const { options, ...rest } = question;
  return type === 'choice' ? { ...rest, type, options: options ?? [] } : { ...rest, type };
}

/**
 * The question with a new label; its key follows the label while it still is the one written
 * from the old label (or a placeholder), so a key chosen by hand is never overwritten.
 */
export function withQuestionLabel(question: Question, label: string, questions: readonly Question[]): Question {
  const followsLabel = question.key === keyFromLabel(question.label) || /^question_\d+$/.test(question.key);
  const wanted = keyFromLabel(label);
  const free = !questions.some((other) => other !== question && other.key === wanted);
  return followsLabel && wanted !== '' && free ? { ...question, label, key: wanted } : { ...question, label };
}

/** One option per line, blank lines dropped. */
export function parseOptions(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Why `key` cannot identify question `index`, or null. */
export function questionKeyProblem(questions: readonly Question[], index: number, key: string): string | null {
  if (!KEY_PATTERN.test(key)) return 'Use lower-case letters, digits and _, starting with a letter (at most 40)';
  return questions.some((other, i) => i !== index && other.key === key) ? `Another question is already called "${key}"` : null;
}
