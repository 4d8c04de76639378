import { Type, type Static } from '@sinclair/typebox';
import type { FlowProblem } from '../problems';
import { knownTimeZone } from '../time-zone';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** The zone of a contact without a (known) one, when the window names none. */
export const DEFAULT_SEND_WINDOW_ZONE = 'UTC';
/** A local time of day: HH:MM, or HH:MM:SS where a window needs second precision (tests). */
const TIME_OF_DAY = '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?$';

export const FrequencyCapSchema = Type.Object(
  {
    max: Type.Integer({ minimum: 1, title: 'At most (mails)', description: 'Marketing mails one contact may receive in the period, from every campaign' }),
    days: Type.Integer({ minimum: 1, maximum: 366, title: 'Period (days)', description: 'The period counted back from the moment of sending' }),
  },
  {
    additionalProperties: false,
    title: 'Frequency cap',
    description: 'Contacts who already received this many marketing mails in the period leave by "capped" instead of being mailed',
  },
);
export type FrequencyCap = Static<typeof FrequencyCapSchema>;

export const SendWindowSchema = Type.Object(
  {
    days: Type.Array(Type.Union(WEEKDAYS.map((day) => Type.Literal(day))), {
      minItems: 1,
      uniqueItems: true,
      title: 'Days',
      description: 'Weekdays on which mail may leave, in the contact’s own time zone',
    }),
    from: Type.String({ pattern: TIME_OF_DAY, title: 'From', description: 'Local time the window opens (HH:MM; HH:MM:SS allowed)' }),
    to: Type.String({ pattern: TIME_OF_DAY, title: 'To', description: 'Local time the window closes, not included (HH:MM; HH:MM:SS allowed)' }),
    defaultTimeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, title: 'Default time zone', description: `For contacts without a known time zone (IANA name, e.g. Europe/Rome); none = ${DEFAULT_SEND_WINDOW_ZONE}` }),
    ),
  },
  {
    additionalProperties: false,
    title: 'Send window',
    description: 'Mail leaves only on these days between these local times in each contact’s time zone; the others wait, durably, for the next opening',
  },
);
export type SendWindow = Static<typeof SendWindowSchema>;

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
    sendWindow: Type.Optional(SendWindowSchema),
    frequencyCap: Type.Optional(FrequencyCapSchema),
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

/** Why a member left by `capped` (the detail of its step and the message's error). */
export function cappedReason(cap: FrequencyCap): string {
  return `frequency cap reached: ${cap.max} marketing ${cap.max === 1 ? 'mail' : 'mails'} in the last ${cap.days} ${cap.days === 1 ? 'day' : 'days'}`;
}

/** As a mail server retries: first after a minute, doubling, for two days. */
export const SEND_RETRY_DEFAULTS = { retryAfterSeconds: 60, giveUpAfterHours: 48 } as const;

/** A time of day as seconds since midnight ('09:30' = 34 200), to compare `from` and `to`. */
export function secondsOfDay(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}

export const sendNode = defineNode({
  type: 'send',
  label: 'Send',
  description: 'Dispatch the generated messages, exactly once each, to those who may be mailed now',
  category: 'message',
  entry: false,
  configSchema: SendConfigSchema,
  defaultConfig: { channel: 'email', ratePerSecond: 0 } as SendConfig,
  fieldHints: {
    'sendWindow.from': 'Enter the local time the window opens, as HH:MM',
    'sendWindow.to': 'Enter the local time the window closes, as HH:MM',
    'sendWindow.days': 'Choose at least one weekday',
    'frequencyCap.max': 'Enter how many marketing mails a contact may receive in the period (1 or more)',
    'frequencyCap.days': 'Enter the period in whole days (1 or more)',
  },
  outputs: (config) => ['sent', 'bounced', 'failed', 'suppressed', ...(config.frequencyCap ? ['capped'] : [])],
  execution: () => 'activity',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    const rate = Number(config.ratePerSecond);
    const parts = [config.channel === 'email' ? 'E-mail' : String(config.channel), rate > 0 ? `${rate}/s` : 'no rate limit'];
    const window = config.sendWindow;
    if (window && Array.isArray(window.days)) parts.push(`${window.days.join(', ')} ${window.from}–${window.to} local`);
    const cap = config.frequencyCap;
    if (cap) parts.push(`at most ${cap.max} per ${cap.days} ${cap.days === 1 ? 'day' : 'days'}`);
    return parts.join(' · ');
  },
  extraProblems(nodeId, config): FlowProblem[] {
    const window = config.sendWindow;
    if (!window) return [];
    const problems: FlowProblem[] = [];
    if (secondsOfDay(window.from) >= secondsOfDay(window.to)) {
      problems.push({ nodeId, field: 'sendWindow.to', code: 'INVALID_CONFIG', message: `Send: the window must close after it opens (${window.from} to ${window.to})` });
    }
    if (window.defaultTimeZone !== undefined && !knownTimeZone(window.defaultTimeZone)) {
      problems.push({ nodeId, field: 'sendWindow.defaultTimeZone', code: 'INVALID_CONFIG', message: `Send: "${window.defaultTimeZone}" is not a time zone (use a name like Europe/Rome)` });
    }
    return problems;
  },
});
