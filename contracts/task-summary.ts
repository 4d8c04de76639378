import { Type } from '@sinclair/typebox';
import { Nullable, UuidSchema } from './common';

/**
 * The owner's view of a campaign's calls (seed 003: "the owner monitors how the contact campaign
 * goes"): how many are open, overdue, done or cancelled — overall, per campaign, per agent — and
 * how the closed ones ended. Counted in SQL over the calls in the caller's scope.
 */
export const TaskSummaryQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(UuidSchema),
    runId: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
);

const counts = {
  open: Type.Integer({ description: 'Calls still to make' }),
  overdue: Type.Integer({ description: 'Open calls whose due date has passed (counted in open too)' }),
  done: Type.Integer({ description: 'Calls closed by an agent, whatever the outcome' }),
  cancelled: Type.Integer({ description: 'Calls the step’s deadline cancelled (outcome timeout)' }),
};

export const TaskCountsSchema = Type.Object(counts);

export const TaskSummarySchema = Type.Object({
  totals: TaskCountsSchema,
  byCampaign: Type.Array(Type.Object({ campaignId: UuidSchema, campaignName: Type.String(), ...counts }), { description: 'By campaign name' }),
  byAgent: Type.Array(
    Type.Object({
      assigneeId: Nullable(UuidSchema),
      assigneeName: Nullable(Type.String({ description: 'null: calls no one has taken yet' })),
      ...counts,
      outcomes: Type.Record(Type.String(), Type.Integer(), { description: 'Closed and cancelled calls by outcome' }),
    }),
    { description: 'By agent name; the unassigned calls last' },
  ),
  byOutcome: Type.Array(Type.Object({ outcome: Type.String(), count: Type.Integer() }), { description: 'Closed and cancelled calls by outcome, the most frequent first' }),
});
