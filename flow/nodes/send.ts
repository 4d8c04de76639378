import { Type, type Static } from '@sinclair/typebox';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

export const SendConfigSchema = Type.Object(
  {
    channel: Type.Literal('email'),
    ratePerSecond: Type.Number({ minimum: 0, description: 'Messages per second; 0 = as fast as the channel allows' }),
    retryAfterSeconds: Type.Optional(
      Type.Number({ minimum: 0.1, maximum: 86_400, title: 'First retry after (s)', description: 'A deferred message (4xx) is retried after this long, doubling each time' }),
    ),
    giveUpAfterHours: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 720, title: 'Give up after (h)', description: 'A message still deferred this long after its first try fails' }),
    ),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type SendConfig = Static<typeof SendConfigSchema>;

/**
 * Why a member may not be mailed now (the detail of its step when it leaves by `suppressed`,
 * at generate or at send). Written once here, so the designer, the API and the tests read the
 * same words the policy writes.
 */
export const SUPPRESS_REASONS = {
  suppressed: (reason: string) => `on the suppression list (${reason})`,
  notSubscribed: (topicCode: string) => `not subscribed to topic ${topicCode}`,
  unsubscribed: (topicCode: string) => `unsubscribed from topic ${topicCode}`,
  notConfirmed: (topicCode: string) => `subscription to topic ${topicCode} not confirmed`,
  consentWithdrawn: 'e-mail consent withdrawn',
  noTopic: 'the campaign names no topic',
} as const;

/** As a mail server retries: first after a minute, doubling, for two days. */
export const SEND_RETRY_DEFAULTS = { retryAfterSeconds: 60, giveUpAfterHours: 48 } as const;

export const sendNode = defineNode({
  type: 'send',
  label: 'Send',
  description: 'Dispatch the generated messages, exactly once each',
  category: 'message',
  entry: false,
  configSchema: SendConfigSchema,
  defaultConfig: { channel: 'email', ratePerSecond: 0 } as SendConfig,
  outputs: () => ['sent', 'bounced', 'failed'],
  execution: () => 'activity',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    const rate = Number(config.ratePerSecond);
    return `${config.channel === 'email' ? 'E-mail' : String(config.channel)} · ${rate > 0 ? `${rate}/s` : 'no rate limit'}`;
  },
});
