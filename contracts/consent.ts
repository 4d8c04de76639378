import { Type } from '@sinclair/typebox';
import { Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

const ChannelSchema = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('letter'), Type.Literal('phone'), Type.Literal('any')]);

const IpAddressSchema = Type.Union([Type.String({ format: 'ipv4' }), Type.String({ format: 'ipv6' })], {
  description: "The person's IP address when they gave consent (e.g. the web form's visitor), not the caller's",
});

/** Who and where: kept with every consent record as proof. */
const ProvenanceFields = {
  source: Text(200, 'Where the consent was given: web_form, counter, phone_call, import, ...'),
  ipAddress: Type.Optional(IpAddressSchema),
  recordedBy: Type.Optional(Text(200, 'The staff member who recorded it, when not the person themselves')),
};

export const SubscribeInputSchema = Type.Object(
  {
    topic: Text(200, 'Topic code or id'),
    textShown: Text(10_000, 'The exact wording the person agreed to'),
    channel: Type.Optional(Type.Union(ChannelSchema.anyOf, { description: 'Channel the consent covers; default any (every channel the topic uses)' })),
    ...ProvenanceFields,
  },
  { additionalProperties: false },
);

export const UnsubscribeInputSchema = Type.Object(
  { textShown: Type.Optional(Text(10_000, 'The wording shown when unsubscribing, if any')), ...ProvenanceFields },
  { additionalProperties: false },
);

export const ChannelConsentInputSchema = Type.Object(
  {
    channel: ChannelSchema,
    action: Type.Union([Type.Literal('granted'), Type.Literal('withdrawn')]),
    textShown: Type.Optional(Text(10_000, 'The wording the person agreed to (or the request they made)')),
    ...ProvenanceFields,
  },
  { additionalProperties: false, description: 'Consent to (or refusal of) a whole channel, not tied to a topic' },
);

export const ContactTopicParamsSchema = Type.Object({ id: UuidSchema, topic: Type.String({ minLength: 1, maxLength: 200, description: 'Topic code or id' }) });

export const ConfirmQuerySchema = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200, description: 'The token from the confirmation link' }) });

export const SubscriptionSchema = Type.Object({
  topicId: UuidSchema,
  topicCode: Type.String(),
  topicName: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('subscribed'), Type.Literal('unsubscribed')]),
  requestedAt: DateTimeSchema,
  confirmedAt: Nullable(DateTimeSchema),
  unsubscribedAt: Nullable(DateTimeSchema),
  viaLeadId: Nullable(Type.String({ format: 'uuid', description: 'Set when this is the subscription of the lead the contact was converted from' })),
});

export const ConsentRecordSchema = Type.Object({
  id: Type.String(),
  topicCode: Nullable(Type.String()),
  channel: ChannelSchema,
  action: Type.Union([Type.Literal('requested'), Type.Literal('granted'), Type.Literal('confirmed'), Type.Literal('withdrawn')]),
  source: Type.String(),
  textShown: Nullable(Type.String()),
  ipAddress: Nullable(Type.String()),
  recordedBy: Nullable(Type.String()),
  recordedAt: DateTimeSchema,
  viaLeadId: Nullable(Type.String({ format: 'uuid', description: 'Set when recorded while the person was this lead' })),
});

export const SubscriptionRequestSchema = Type.Object({
  ...SubscriptionSchema.properties,
  confirmUrl: Type.Optional(Type.String({ description: 'Double opt-in only: the one-time link to send to the person' })),
  confirmExpiresAt: Type.Optional(DateTimeSchema),
  record: ConsentRecordSchema,
});

export const ConsentViewSchema = Type.Object({
  subscriptions: Type.Array(SubscriptionSchema, { description: 'By topic code' }),
  records: Type.Array(ConsentRecordSchema, { description: 'Every record, oldest first, including those made as a lead' }),
});
