import { Type, type Static } from '@sinclair/typebox';
import { ATTRIBUTE_KEY_PATTERN } from '../audience-fields';
import { UUID_PATTERN } from '../uuid';
import { defineNode, type NodeReference } from './define';
import { MaxVisitsField } from './visit-cap';

const AttributeKey = Type.String({ pattern: ATTRIBUTE_KEY_PATTERN.source, description: 'Attribute key (letters, digits and _)' });
const TopicCode = Type.String({ minLength: 1, maxLength: 100, description: 'Topic code' });

export const UpdateOperationSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('setAttribute'),
      key: AttributeKey,
      value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.String())], { description: 'Checked against the attribute’s definition when it has one' }),
    },
    { additionalProperties: false, title: 'Set an attribute' },
  ),
  Type.Object({ kind: Type.Literal('clearAttribute'), key: AttributeKey }, { additionalProperties: false, title: 'Clear an attribute' }),
  Type.Object(
    {
      kind: Type.Literal('subscribe'),
      topic: TopicCode,
      textShown: Type.Optional(Type.String({ maxLength: 2_000, description: 'The wording the contact agreed to, kept as proof' })),
    },
    { additionalProperties: false, title: 'Subscribe to a topic' },
  ),
  Type.Object({ kind: Type.Literal('unsubscribe'), topic: TopicCode }, { additionalProperties: false, title: 'Unsubscribe from a topic' }),
  Type.Object({ kind: Type.Literal('addToList'), listId: Type.String({ pattern: UUID_PATTERN }) }, { additionalProperties: false, title: 'Add to a contact list' }),
  Type.Object(
    {
      kind: Type.Literal('logEvent'),
      eventKind: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'Kind of event, e.g. campaign_note' }),
      title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
      body: Type.Optional(Type.String({ maxLength: 20_000 })),
    },
    { additionalProperties: false, title: 'Log an event on the contact' },
  ),
]);
export type UpdateOperation = Static<typeof UpdateOperationSchema>;

export const UpdateConfigSchema = Type.Object(
  {
    operations: Type.Array(UpdateOperationSchema, { minItems: 1, maxItems: 20, description: 'Done in order, for every contact' }),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type UpdateConfig = Static<typeof UpdateConfigSchema>;

/** The consent records a campaign writes say where the consent came from. */
export const CAMPAIGN_CONSENT_SOURCE = 'campaign';

function describeOperation(operation: UpdateOperation): string {
  switch (operation.kind) {
    case 'setAttribute':
      return `${operation.key} = ${JSON.stringify(operation.value)}`;
    case 'clearAttribute':
      return `clear ${operation.key}`;
    case 'subscribe':
      return `subscribe ${operation.topic}`;
    case 'unsubscribe':
      return `unsubscribe ${operation.topic}`;
    case 'addToList':
      return 'add to a list';
    case 'logEvent':
      return `log “${operation.title}”`;
    default:
      return '?';
  }
}

/**
 * Write to the contacts themselves: set or clear an attribute, subscribe or unsubscribe a
 * topic (with a consent record whose source is the campaign), add to a contact list, log an
 * event on their timeline. Every member then leaves by `out`.
 */
export const updateNode = defineNode({
  type: 'update',
  label: 'Update contacts',
  description: 'Set attributes, subscriptions and lists, or log an event, for every contact',
  category: 'outcome',
  entry: false,
  configSchema: UpdateConfigSchema,
  defaultConfig: { operations: [] } as UpdateConfig,
  fieldHints: { operations: 'Add at least one operation' },
  outputs: () => ['out'],
  execution: () => 'activity',
  maxVisits: 10,
  references(config): NodeReference[] {
    const operations = Array.isArray(config.operations) ? config.operations : [];
    return operations.flatMap((operation, index) => (operation.kind === 'addToList' ? [{ kind: 'list' as const, id: operation.listId, field: `operations.${index}.listId` }] : []));
  },
  summary(config) {
    const operations = Array.isArray(config.operations) ? config.operations : [];
    if (operations.length === 0) return 'Nothing to do yet';
    return operations.map(describeOperation).join(', ');
  },
});
