import { Type } from '@sinclair/typebox';
import { OutcomeSchema, QuestionSchema } from '../flow/nodes/callback';
import { Money } from './commerce';
import { DateTimeSchema, Nullable, StringEnum, UuidSchema } from './common';
import { ContactWithCompanySchema } from './contact';
import { SalesOrderSchema } from './sales-order';

export const TASK_STATUSES = ['open', 'closed', 'cancelled'] as const;

/** When a rescheduled call falls due again, counted from now: two hours, a day, a week, a month. */
export const RESCHEDULE_PRESETS = ['+2h', '+1d', '+1w', '+1m'] as const;

/** An answer: text, a choice and a date (YYYY-MM-DD) as strings, a number, yes/no as a boolean. */
export const AnswerSchema = Type.Union([Type.String({ maxLength: 2_000 }), Type.Number(), Type.Boolean()]);
export const AnswersSchema = Type.Record(Type.String({ maxLength: 40 }), AnswerSchema, { maxProperties: 50, description: 'By question key' });

/** A call task as the agent's queue lists it. */
export const TaskSchema = Type.Object({
  id: UuidSchema,
  status: StringEnum(TASK_STATUSES),
  outcome: Nullable(Type.String({ description: "The call's outcome; objective_met, or timeout when the deadline cancelled it" })),
  runId: UuidSchema,
  campaignId: UuidSchema,
  campaignName: Type.String(),
  nodeId: Type.String(),
  contactId: UuidSchema,
  contactName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  abcClass: Nullable(Type.String()),
  assigneeId: Nullable(UuidSchema),
  assigneeName: Nullable(Type.String()),
  teamId: Nullable(UuidSchema),
  storeId: Nullable(UuidSchema),
  dueAt: DateTimeSchema,
  deadlineAt: Nullable(DateTimeSchema),
  attempt: Type.Integer({ description: 'Which call this is for the contact at this step (1 = the first)' }),
  answers: AnswersSchema,
  comment: Nullable(Type.String()),
  createdAt: DateTimeSchema,
  closedAt: Nullable(DateTimeSchema),
});

export const TASK_DUE_FILTERS = ['overdue', 'today'] as const;

export const TaskQueueQuerySchema = Type.Object(
  {
    status: Type.Optional(StringEnum(['open', 'closed'] as const, { default: 'open', description: 'Open calls (the default) or closed ones' })),
    campaignId: Type.Optional(UuidSchema),
    runId: Type.Optional(UuidSchema),
    due: Type.Optional(StringEnum(TASK_DUE_FILTERS, { description: 'overdue: due before now; today: due today' })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone whose day "today" means (default UTC)' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    after: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

/** Counts over the caller's whole queue of open calls (the campaign/run filters apply, the others do not). */
export const TaskTotalsSchema = Type.Object({
  open: Type.Integer(),
  dueToday: Type.Integer(),
  overdue: Type.Integer(),
  withEmail: Type.Integer(),
  withoutEmail: Type.Integer(),
});

export const TaskQueuePageSchema = Type.Object({
  items: Type.Array(TaskSchema, { description: 'By due date, then the order the campaign made the calls in' }),
  nextCursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page' })),
  totals: TaskTotalsSchema,
});

/** Everything the agent needs for one call. */
export const TaskDetailSchema = Type.Object({
  task: TaskSchema,
  contact: ContactWithCompanySchema,
  purchases: Type.Object({
    recent: Type.Array(SalesOrderSchema, { description: 'The last five orders, newest first' }),
    orders: Type.Integer(),
    totals: Type.Array(Type.Object({ currency: Type.String(), amount: Money('Sum of the orders') })),
    lastOrderedAt: Nullable(Type.String({ format: 'date' })),
  }),
  script: Nullable(Type.String({ description: 'What to say: the step’s script (the campaign’s once campaigns carry one)' })),
  questions: Type.Array(QuestionSchema),
  outcomes: Type.Array(OutcomeSchema),
  maxAttempts: Type.Integer(),
  earlierAttempts: Type.Array(
    Type.Object({ attempt: Type.Integer(), outcome: Nullable(Type.String()), comment: Nullable(Type.String()), closedAt: Nullable(DateTimeSchema) }),
    { description: "The contact's earlier calls at this step of this run" },
  ),
});

const Comment = Type.String({ maxLength: 5_000 });

export const CompleteTaskSchema = Type.Object(
  {
    outcome: Type.String({ minLength: 1, maxLength: 40 }),
    answers: Type.Optional(AnswersSchema),
    comment: Type.Optional(Comment),
  },
  { additionalProperties: false },
);

export const ObjectiveMetSchema = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 5_000, pattern: '\\S' }) }, { additionalProperties: false });

export const RescheduleTaskSchema = Type.Union(
  [
    Type.Object({ preset: StringEnum(RESCHEDULE_PRESETS) }, { additionalProperties: false }),
    Type.Object({ at: Type.String({ format: 'date-time', description: 'When the call falls due again' }) }, { additionalProperties: false }),
  ],
  { description: '{ preset } counted from now, or { at } a date and time' },
);
