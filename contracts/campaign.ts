import { Type, type TSchema } from '@sinclair/typebox';
import { UUID_PATTERN } from '../flow/uuid';
import { DateOnlySchema } from './commerce';
import { DateTimeSchema, LanguageSchema, Nullable, StringEnum, UuidSchema } from './common';

export const CAMPAIGN_KINDS = ['direct', 'general'] as const;
/** Marketing mail needs a confirmed subscription to the campaign's topic; service mail (an order notice) does not. */
export const MAIL_PURPOSES = ['marketing', 'service'] as const;
export const RUN_STATUSES = ['running', 'paused', 'completed', 'cancelled', 'failed'] as const;

/** A campaign's code as people type it (RET045): letters, digits, `-`, `_`, `.`; unique whatever its case. */
export const CAMPAIGN_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$';

const lastDay = 'Last day a run may start and a call may fall due, inclusive (days are the database’s, like price lists’)';

/** What a designer sets on a campaign; on PATCH the clearable ones take null. */
const campaignFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  code: Type.String({ pattern: CAMPAIGN_CODE_PATTERN, description: 'Short unique code, e.g. RET045' }),
  flowId: UuidSchema,
  kind: StringEnum(CAMPAIGN_KINDS, { description: 'direct: contacts are reached one by one (calls, mail); general: broadcast' }),
  goal: Type.String({ maxLength: 2000 }),
  validFrom: DateOnlySchema,
  validTo: Type.String({ format: 'date', description: lastDay }),
  productId: Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'The promoted product: what a convert node without a product offers' }),
  priceListId: Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'The price list the product is priced from; none = the list valid that day' }),
  script: Type.String({ maxLength: 20_000, description: 'What agents say on the call, where the call-back step has no script of its own' }),
  ownerId: Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'The person answerable for the campaign' }),
  topicId: Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'The topic the campaign mails about: marketing mail goes only to contacts subscribed to it' }),
  mailPurpose: StringEnum(MAIL_PURPOSES, {
    description: 'marketing: only confirmed subscribers of the topic are mailed; service: no subscription needed (never past the suppression list or a withdrawn consent)',
  }),
  defaultLanguage: Type.String({ pattern: LanguageSchema.pattern, description: "The template variant used when a contact's own language has none" }),
};

/** A field a request may leave out, or (where it may be empty) send as null to clear. */
const clearable = <S extends TSchema>(schema: S) => Type.Optional(Nullable(schema));
const clearableFields = {
  code: clearable(campaignFields.code),
  goal: clearable(campaignFields.goal),
  validFrom: clearable(campaignFields.validFrom),
  validTo: clearable(campaignFields.validTo),
  productId: clearable(campaignFields.productId),
  priceListId: clearable(campaignFields.priceListId),
  script: clearable(campaignFields.script),
  ownerId: clearable(campaignFields.ownerId),
  topicId: clearable(campaignFields.topicId),
  defaultLanguage: clearable(campaignFields.defaultLanguage),
};
const { name, flowId, kind, mailPurpose } = campaignFields;

export const CreateCampaignSchema = Type.Object(
  {
    name,
    flowId,
    kind: Type.Optional(StringEnum(CAMPAIGN_KINDS, { default: 'direct' })),
    mailPurpose: Type.Optional(StringEnum(MAIL_PURPOSES, { ...mailPurpose, default: 'marketing' })),
    ...clearableFields,
  },
  { additionalProperties: false },
);

/** Only the fields sent change; null clears a field that may be empty. */
export const CampaignPatchSchema = Type.Object(
  { name: Type.Optional(name), flowId: Type.Optional(flowId), kind: Type.Optional(kind), mailPurpose: Type.Optional(mailPurpose), ...clearableFields },
  { additionalProperties: false, minProperties: 1 },
);

export const LatestRunSchema = Type.Object({ id: UuidSchema, status: StringEnum(RUN_STATUSES), startedAt: DateTimeSchema });

export const CampaignSchema = Type.Object({
  id: UuidSchema,
  code: Nullable(Type.String()),
  name: Type.String(),
  flowId: UuidSchema,
  kind: StringEnum(CAMPAIGN_KINDS),
  goal: Nullable(Type.String()),
  validFrom: Nullable(DateOnlySchema),
  validTo: Nullable(DateOnlySchema),
  productId: Nullable(UuidSchema),
  productName: Nullable(Type.String({ description: 'Code and name of the promoted product' })),
  priceListId: Nullable(UuidSchema),
  priceListName: Nullable(Type.String()),
  script: Nullable(Type.String()),
  ownerId: Nullable(UuidSchema),
  ownerName: Nullable(Type.String()),
  topicId: Nullable(UuidSchema),
  topicName: Nullable(Type.String()),
  mailPurpose: StringEnum(MAIL_PURPOSES),
  defaultLanguage: Nullable(Type.String()),
  latestRun: Nullable(LatestRunSchema),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

/** What a start would reach now: the confirmation a designer answers before a run starts (seed 004). */
export const StartPreviewSchema = Type.Object({
  audience: Type.Integer({ description: "Contacts the flow's audience nodes select today, each counted once" }),
  withEmail: Type.Integer({ description: 'Of those, contacts with an e-mail address' }),
  withoutEmail: Type.Integer({ description: 'Of those, contacts without one' }),
  refusal: Nullable(Type.String({ description: 'Why a start would be refused today (outside the validity period, marketing mail without a topic); null when it may start' })),
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
  heldOut: Type.Integer({ description: "Contacts the audience selected but the run keeps out (the plan's holdout share): never contacted" }),
  finished: Type.Integer(),
  nodes: Type.Record(Type.String(), NodeProgressSchema),
  workflow: Nullable(WorkflowStateSchema),
});

export const RunControlParamsSchema = Type.Object({ id: UuidSchema });

export const RunControlAcceptedSchema = Type.Object({
  runId: UuidSchema,
  requested: Type.String({ description: 'The signal sent to the run: pause, resume or cancel' }),
});
