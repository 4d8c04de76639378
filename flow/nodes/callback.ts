import { Type, type Static } from '@sinclair/typebox';
import { ATTRIBUTE_KEY_PATTERN } from '../audience-fields';
import type { FlowProblem } from '../problems';
import { UUID_PATTERN } from '../uuid';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

export const QUESTION_TYPES = ['text', 'number', 'choice', 'yes-no', 'date'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Who gets a member's call: agents of a team in turn, the contact's owner, anyone in the contact's store, one person. */
export const ASSIGNMENTS = ['round-robin', 'owner', 'store', 'user'] as const;

/** Outputs the node has whatever its outcomes: the deadline, attempts used up, "objective met". */
export const TIMEOUT_HANDLE = 'timeout';
export const UNREACHABLE_HANDLE = 'unreachable';
export const OBJECTIVE_MET = 'objective_met';
/** The outcome that counts as an attempt used: its (maxAttempts)th time leaves by `unreachable`. */
export const NO_ANSWER = 'no_answer';
/** Names an outcome may not take: the node's own outputs and the interpreter's. */
const RESERVED_OUTCOMES: ReadonlySet<string> = new Set([TIMEOUT_HANDLE, UNREACHABLE_HANDLE, OBJECTIVE_MET, 'visit_limit', 'finished']);

/** Keys of outcomes and questions: they become output handles and answer fields. */
const KEY_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

export const QuestionSchema = Type.Object(
  {
    key: Type.String({ pattern: KEY_PATTERN, description: 'Identifies the answer (lower case, digits, _)' }),
    label: Type.String({ minLength: 1, maxLength: 300, description: 'The question as the agent reads it' }),
    type: Type.Union(QUESTION_TYPES.map((type) => Type.Literal(type))),
    required: Type.Boolean({ description: 'Must be answered when the call reached the contact' }),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description: 'The choices (choice questions)' })),
    attribute: Type.Optional(Type.String({ pattern: ATTRIBUTE_KEY_PATTERN.source, description: "Contact attribute the answer is written to" })),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof QuestionSchema>;

export const OutcomeSchema = Type.Object(
  {
    key: Type.String({ pattern: KEY_PATTERN, description: 'The output contacts with this outcome leave by' }),
    label: Type.String({ minLength: 1, maxLength: 100, description: 'The button the agent presses' }),
    reached: Type.Boolean({ description: 'The call reached the contact: required questions must be answered' }),
  },
  { additionalProperties: false },
);
export type Outcome = Static<typeof OutcomeSchema>;

export const DEFAULT_OUTCOMES: Outcome[] = [
  { key: 'interested', label: 'Interested', reached: true },
  { key: 'not_interested', label: 'Not interested', reached: true },
  { key: NO_ANSWER, label: 'No answer', reached: false },
  { key: 'wrong_number', label: 'Wrong number', reached: false },
];

const hours = (title: string, description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 8_760, title, description });

/**
 * Flat, like wait's, so the inspector's generic form can switch the assignment: `assignTo` says
 * which of `teamId` / `userId` counts (checked in `extraProblems`).
 */
export const CallbackConfigSchema = Type.Object(
  {
    script: Type.String({ maxLength: 20_000, description: "What the agent says; empty = the campaign's script" }),
    questions: Type.Array(QuestionSchema, { maxItems: 50, description: 'The questionnaire the agent fills in during the call' }),
    outcomes: Type.Array(OutcomeSchema, { minItems: 1, maxItems: 20, description: 'How a call can end; one output each' }),
    assignTo: Type.Union(ASSIGNMENTS.map((mode) => Type.Literal(mode)), { description: 'Who gets each call' }),
    teamId: Type.Optional(Type.String({ pattern: UUID_PATTERN, description: 'The team whose agents take turns (round-robin)' })),
    userId: Type.Optional(Type.String({ pattern: UUID_PATTERN, description: 'The person who gets every call (user)' })),
    dueInHours: hours('Due in (h)', 'Hours after the contact arrives by which the call is due'),
    deadlineHours: Type.Optional(hours('Deadline (h)', 'Hours after arrival when calls still open are cancelled and leave by "timeout"')),
    maxAttempts: Type.Integer({ minimum: 1, maximum: 20, title: 'Max attempts', description: 'After this many "no answer" calls the contact leaves by "unreachable"' }),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type CallbackConfig = Static<typeof CallbackConfigSchema>;

/** Milliseconds from arrival to the due date of a member's call: never after the node's deadline. */
export function callbackDueMs(config: Pick<CallbackConfig, 'dueInHours' | 'deadlineHours'>): number {
  const due = config.dueInHours * 3_600_000;
  return Math.round(config.deadlineHours === undefined ? due : Math.min(due, config.deadlineHours * 3_600_000));
}

/** Milliseconds from arrival to the node's deadline, or null when it has none. */
export function callbackDeadlineMs(config: Pick<CallbackConfig, 'deadlineHours'>): number | null {
  return config.deadlineHours === undefined ? null : Math.round(config.deadlineHours * 3_600_000);
}

/** The outcome keys of a config, tolerating a config that does not match the schema (validation calls outputs on any). */
function outcomeKeys(config: Partial<CallbackConfig>): string[] {
  const outcomes = Array.isArray(config.outcomes) ? config.outcomes : DEFAULT_OUTCOMES;
  return outcomes.flatMap((outcome) => (typeof outcome?.key === 'string' ? [outcome.key] : []));
}

/**
 * Where a member whose call closed goes: its outcome's output, except the (maxAttempts)th "no
 * answer", which leaves by `unreachable` (the loop back to another call is over).
 */
export function callbackHandle(config: Pick<CallbackConfig, 'maxAttempts'>, outcome: string, attempt: number): string {
  return outcome === NO_ANSWER && attempt >= config.maxAttempts ? UNREACHABLE_HANDLE : outcome;
}

/**
 * Agents call each member: one task per member, assigned as the node says, due `dueInHours`
 * after arrival. Members move on as their calls close, by the outcome the agent chose (or
 * `objective_met` when the agent closed the call that way). At the deadline calls still open are
 * cancelled and leave by `timeout`. Looped back (no answer → wait → call again), a member's
 * (maxAttempts)th "no answer" leaves by `unreachable`; over the visit cap, too.
 */
export const callbackNode = defineNode({
  type: 'callback',
  label: 'Call-back',
  description: 'Agents call each contact with a script and a questionnaire; contacts move on by the call’s outcome',
  category: 'outcome',
  entry: false,
  configSchema: CallbackConfigSchema,
  defaultConfig: { script: '', questions: [], outcomes: DEFAULT_OUTCOMES, assignTo: 'store', dueInHours: 24, deadlineHours: 168, maxAttempts: 3 } as CallbackConfig,
  fieldHints: {
    outcomes: 'Give at least one outcome (at most 20)',
    teamId: 'Choose the team whose agents take turns',
    userId: 'Choose the person who gets the calls',
    dueInHours: 'Enter the hours until a call is due (more than 0)',
    deadlineHours: 'Enter the hours until open calls are cancelled (more than 0)',
    maxAttempts: 'Enter how many unanswered calls make a contact unreachable (1 to 20)',
  },
  outputs: (config) => [...outcomeKeys(config), OBJECTIVE_MET, TIMEOUT_HANDLE, UNREACHABLE_HANDLE],
  execution: () => 'human-gate',
  maxVisits: 10,
  overCapHandle: UNREACHABLE_HANDLE,
  references: () => [],
  summary(config) {
    const who = { 'round-robin': 'a team in turn', owner: "the contact's owner", store: "the contact's store", user: 'one person' }[config.assignTo] ?? '—';
    const questions = Array.isArray(config.questions) ? config.questions.length : 0;
    const attempts = typeof config.maxAttempts === 'number' ? ` · up to ${config.maxAttempts} attempts` : '';
    return `Calls by ${who} · ${outcomeKeys(config).length} outcomes · ${questions} question${questions === 1 ? '' : 's'}${attempts}`;
  },
  extraProblems: (nodeId, config) => callbackProblems(nodeId, config),
});

/** What the schema cannot say about a call-back: names used twice, choices without options, a missing assignee... */
function callbackProblems(nodeId: string, config: CallbackConfig): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (field: string, message: string) => problems.push({ nodeId, field, code: 'INVALID_CONFIG', message: `Call-back: ${message}` });
  const outcomes = new Set<string>();
  config.outcomes.forEach((outcome, index) => {
    if (RESERVED_OUTCOMES.has(outcome.key)) add(`outcomes.${index}.key`, `"${outcome.key}" is an output of the node itself: name the outcome otherwise`);
    else if (outcomes.has(outcome.key)) add(`outcomes.${index}.key`, `two outcomes are called "${outcome.key}"`);
    outcomes.add(outcome.key);
  });
  const keys = new Set<string>();
  const attributes = new Set<string>();
  config.questions.forEach((question, index) => {
    if (keys.has(question.key)) add(`questions.${index}.key`, `two questions are called "${question.key}"`);
    keys.add(question.key);
    if (question.attribute !== undefined) {
      if (attributes.has(question.attribute)) add(`questions.${index}.attribute`, `two questions write the attribute "${question.attribute}"`);
      attributes.add(question.attribute);
    }
    const options = question.options ?? [];
    if (question.type === 'choice' && options.length === 0) add(`questions.${index}.options`, `the choice question "${question.label}" has no options`);
    if (question.type !== 'choice' && options.length > 0) add(`questions.${index}.options`, `only choice questions have options ("${question.label}" is ${question.type})`);
    if (new Set(options).size !== options.length) add(`questions.${index}.options`, `the question "${question.label}" lists an option twice`);
  });
  if (config.assignTo === 'round-robin' && !config.teamId) add('teamId', 'choose the team whose agents take turns');
  if (config.assignTo === 'user' && !config.userId) add('userId', 'choose the person who gets the calls');
  if (config.deadlineHours !== undefined && config.dueInHours > config.deadlineHours) {
    add('dueInHours', `calls would fall due (${config.dueInHours} h) after the deadline (${config.deadlineHours} h)`);
  }
  if (config.maxVisits !== undefined && config.maxVisits < config.maxAttempts) {
    add('maxVisits', `max visits (${config.maxVisits}) is below max attempts (${config.maxAttempts}): contacts would stop before their last call`);
  }
  return problems;
}
