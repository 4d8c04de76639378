import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

export const ImportLineErrorSchema = Type.Object({
  line: Type.Integer({ description: 'Line in the file, counting the header as line 1' }),
  column: Nullable(Type.String()),
  value: Nullable(Type.String()),
  message: Type.String(),
});

export const ImportJobSchema = Type.Object({
  id: UuidSchema,
  kind: Type.String(),
  fileName: Nullable(Type.String()),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  totalRows: Nullable(Type.Integer()),
  processedRows: Type.Integer(),
  progressPercent: Type.Integer({ minimum: 0, maximum: 100 }),
  insertedRows: Type.Integer(),
  updatedRows: Type.Integer(),
  errorCount: Type.Integer(),
  report: Type.Object({ message: Type.Optional(Type.String()), errors: Type.Array(ImportLineErrorSchema) }),
  createdAt: DateTimeSchema,
  finishedAt: Nullable(DateTimeSchema),
});

export const ImportStartedSchema = Type.Object({ jobId: UuidSchema });

export const ImportQuerySchema = Type.Object({
  wait: Type.Boolean({ default: false, description: 'Answer only when the import is over (with the job)' }),
});

export const JobIdParamsSchema = Type.Object({ jobId: UuidSchema });

export const CustomerCodeListSchema = Type.Object({
  listId: UuidSchema,
  name: Type.String({ description: 'The new contact list\'s name, made from the file name' }),
  matched: Type.Integer(),
  unmatched: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String() })),
});
