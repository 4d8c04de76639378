import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, StringEnum, UuidSchema } from './common';

export const CAMPAIGN_KINDS = ['direct', 'general'] as const;
export const RUN_STATUSES = ['running', 'paused', 'completed', 'cancelled', 'failed'] as const;

export const CreateCampaignSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    flowId: UuidSchema,
    kind: Type.Optional(StringEnum(CAMPAIGN_KINDS, { default: 'direct' })),
    goal: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const CampaignSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  flowId: UuidSchema,
  kind: StringEnum(CAMPAIGN_KINDS),
  goal: Nullable(Type.String()),
  createdAt: DateTimeSchema,
});

export const RunSchema = Type.Object({
  id: UuidSchema,
  campaignId: UuidSchema,
  flowId: UuidSchema,
  flowVersion: Type.Integer(),
  workflowId: Type.String(),
  status: StringEnum(RUN_STATUSES),
  startedAt: DateTimeSchema,
  endedAt: Nullable(DateTimeSchema),
  error: Nullable(Type.String({ description: 'Why a failed run failed' })),
});

export const CampaignDetailSchema = Type.Object({
  ...CampaignSchema.properties,
  runs: Type.Array(RunSchema, { description: 'Newest first' }),
  contactsMailed: Type.Integer({ description: 'Contacts its runs have sent a message to, each counted once: whom another run would reach again' }),
});

export const StartedRunSchema = Type.Object({ runId: UuidSchema, workflowId: Type.String() });

export const NodeProgressSchema = Type.Object({
  current: Type.Integer({ description: 'Members sitting at this node now' }),
  outcomes: Type.Record(Type.String(), Type.Integer(), { description: 'Members that left by each output handle' }),
});

/** A cohort at a node, as the workflow's state query reports it. */
export const ArrivalSchema = Type.Object({
  nodeId: Type.String(),
  cohortId: Type.String(),
  phase: Type.String(),
  releaseAt: Type.Optional(Type.Number({ description: 'Epoch ms at which a wait releases the cohort' })),
});

const WorkflowStateSchema = Type.Object({
  status: Type.String(),
  arrivals: Type.Array(ArrivalSchema),
});

export const RunProgressSchema = Type.Object({
  run: RunSchema,
  members: Type.Integer(),
  finished: Type.Integer(),
  nodes: Type.Record(Type.String(), NodeProgressSchema),
  workflow: Nullable(WorkflowStateSchema),
});

export const RunControlParamsSchema = Type.Object({ id: UuidSchema });

export const RunControlAcceptedSchema = Type.Object({
  runId: UuidSchema,
  requested: Type.String({ description: 'The signal sent to the run: pause, resume or cancel' }),
});
