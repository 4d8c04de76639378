import { Type, type Static } from '@sinclair/typebox';
import type { FlowProblem } from '../problems';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';
import { knownTimeZone } from '../time-zone';

export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const WAIT_MODES = ['duration', 'until', 'engagement'] as const;
/** The zone of a contact without one, when the wait names none either. */
export const DEFAULT_WAIT_TIME_ZONE = 'UTC';
/** A date-time that names its zone (Z or an offset): not a local time. */
const ZONED = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
export const ENGAGEMENT_TYPES = ['open', 'click', 'reply'] as const;

/**
 * One flat config for every mode, so the inspector's generic form can switch modes: the mode
 * says which fields count (checked in `extraProblems`). `amount`/`unit` are the duration, or
 * the timeout of an engagement wait.
 */
export const WaitConfigSchema = Type.Object(
  {
    mode: Type.Union(WAIT_MODES.map((mode) => Type.Literal(mode)), { description: 'Wait for a time, until a date, or until the contact engages' }),
    amount: Type.Number({ exclusiveMinimum: 0, description: 'How long to wait (the timeout when waiting for engagement)' }),
    unit: Type.Union(DURATION_UNITS.map((unit) => Type.Literal(unit))),
    at: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}',
        description: "Release date and time (mode 'until'), ISO 8601 with zone; without one when in each contact's time zone",
      }),
    ),
    inContactTimeZone: Type.Optional(
      Type.Boolean({ description: "Release each contact when that local date and time arrives in the contact's own time zone (mode \"until\")" }),
    ),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: `Time zone for contacts without one (IANA name, e.g. Europe/Rome); none = ${DEFAULT_WAIT_TIME_ZONE}` }),
    ),
    events: Type.Optional(
      Type.Array(Type.Union(ENGAGEMENT_TYPES.map((type) => Type.Literal(type))), { minItems: 1, uniqueItems: true, description: 'What counts as engaging (mode "engagement")' }),
    ),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type WaitConfig = Static<typeof WaitConfigSchema>;

const UNIT_MS: Record<DurationUnit, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** Milliseconds a duration wait holds its contacts (or an engagement wait's timeout). */
export function waitDurationMs(config: Pick<WaitConfig, 'amount' | 'unit'>): number {
  return Math.round(config.amount * UNIT_MS[config.unit]);
}

/**
 * An "until" wait in each contact's time zone: members leave in batches as their local release
 * instant passes (the activity phase; each batch says when the next contact's instant comes, and
 * the workflow sleeps durably until then), so history grows with the distinct instants, not with
 * members. Contacts without a (known) zone use the node's `timeZone`, else UTC.
 */
export function waitsInContactTimeZone(config: Pick<WaitConfig, 'mode' | 'inContactTimeZone'>): boolean {
  return config.mode === 'until' && config.inContactTimeZone === true;
}

/** Epoch ms at which a timer wait entered at `enteredAt` releases its cohort. */
export function waitReleaseAt(config: WaitConfig, enteredAt: number): number {
  if (config.mode === 'until' && config.at) return Date.parse(config.at);
  return enteredAt + waitDurationMs(config);
}

/**
 * How often an engagement wait looks for new engagement: often enough that a contact who
 * clicks moves on within minutes, rarely enough that a week-long wait stays a few hundred
 * history events. Between 1 s and 5 min, about 1/50 of the timeout.
 */
export function engagementPollMs(config: WaitConfig): number {
  return Math.min(300_000, Math.max(1_000, Math.round(waitDurationMs(config) / 50)));
}

export const waitNode = defineNode({
  type: 'wait',
  label: 'Wait',
  description: 'Hold the contacts for a while, until a date, or until they engage, durably',
  category: 'timing',
  entry: false,
  configSchema: WaitConfigSchema,
  defaultConfig: { mode: 'duration', amount: 1, unit: 'days' } as WaitConfig,
  fieldHints: { amount: 'Enter how long to wait (more than 0)', at: 'Enter the date and time to wait until' },
  outputs: (config) => (config.mode === 'engagement' ? ['engaged', 'timeout'] : ['out']),
  execution: (config) => (config.mode === 'engagement' ? 'poll-until' : waitsInContactTimeZone(config) ? 'activity' : 'timer'),
  maxVisits: 10,
  references: () => [],
  summary(config) {
    if (config.mode === 'until') {
      const local = waitsInContactTimeZone(config) ? " in each contact's time zone" : '';
      return config.at ? `Until ${config.at.replace('T', ' ').slice(0, 16)}${local}` : 'Until —';
    }
    const span = `${config.amount} ${config.amount === 1 ? String(config.unit).replace(/s$/, '') : config.unit}`;
    if (config.mode === 'engagement') return `Until ${(config.events ?? ['open', 'click']).join('/')} · at most ${span}`;
    return `For ${span}`;
  },
  extraProblems(nodeId, config): FlowProblem[] {
    if (config.mode === 'until' && !config.at) {
      return [{ nodeId, field: 'at', code: 'INVALID_CONFIG', message: 'Wait: enter the date and time to wait until' }];
    }
    if (!waitsInContactTimeZone(config)) return [];
    const problems: FlowProblem[] = [];
    if (config.at && ZONED.test(config.at)) {
      problems.push({ nodeId, field: 'at', code: 'INVALID_CONFIG', message: "Wait: in each contact's time zone, give the local date and time without a zone" });
    }
    if (config.timeZone !== undefined && !knownTimeZone(config.timeZone)) {
      problems.push({ nodeId, field: 'timeZone', code: 'INVALID_CONFIG', message: `Wait: "${config.timeZone}" is not a time zone (use a name like Europe/Rome)` });
    }
    return problems;
  },
});
