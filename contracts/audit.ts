import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, StringEnum, UuidSchema } from './common';

export const AuditEntrySchema = Type.Object({
  id: Type.String({ description: 'Increasing; the paging cursor' }),
  at: DateTimeSchema,
  actorKind: StringEnum(['user', 'token', 'system'] as const),
  actorId: Nullable(UuidSchema),
  actorLabel: Type.String(),
  action: Type.String({ description: 'e.g. flow.update, run.start, user.disable, contacts.export' }),
  entity: Type.String(),
  entityId: Nullable(Type.String()),
  diff: Type.Unknown({ description: 'A small before/after of the changed fields, or what was done' }),
});

export const AuditQuerySchema = Type.Object(
  {
    actorId: Type.Optional(UuidSchema),
    entity: Type.Optional(Type.String({ maxLength: 100 })),
    entityId: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    before: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: 'Cursor: entries older than this id' })),
  },
  { additionalProperties: false },
);

export const AuditPageSchema = Type.Object({ items: Type.Array(AuditEntrySchema), nextBefore: Nullable(Type.String()) });
