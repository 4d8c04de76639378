import { Type, type Static } from '@sinclair/typebox';
import { ATTRIBUTE_KEY_PATTERN } from '../flow/audience-fields';
import { DateTimeSchema, Nullable, StringEnum } from './common';

/** A definition keeps its type for life: stored values would lie otherwise. */
export const ATTRIBUTE_TYPES = ['string', 'number', 'date', 'boolean', 'list'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

const AttributeTypeSchema = StringEnum(ATTRIBUTE_TYPES, { description: 'A definition keeps its type for life' });
const LabelSchema = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
/** The choices of a list attribute; required (non-empty, each once) for lists, refused otherwise. */
const OptionsSchema = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500 });

export const AttributeDefinitionInputSchema = Type.Object(
  {
    key: Type.String({ pattern: ATTRIBUTE_KEY_PATTERN.source, description: 'Identifier: addressed as attributes.<key>' }),
    label: LabelSchema,
    type: AttributeTypeSchema,
    options: Type.Optional(OptionsSchema),
  },
  { additionalProperties: false },
);
export type AttributeDefinitionInputBody = Static<typeof AttributeDefinitionInputSchema>;

export const AttributeDefinitionUpdateSchema = Type.Object(
  {
    label: Type.Optional(LabelSchema),
    type: Type.Optional(AttributeTypeSchema),
    options: Type.Optional(OptionsSchema),
  },
  { additionalProperties: false },
);

export const AttributeKeyParamsSchema = Type.Object({ key: Type.String({ pattern: ATTRIBUTE_KEY_PATTERN.source }) });

export const AttributeDefinitionSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  type: AttributeTypeSchema,
  options: Nullable(Type.Array(Type.String())),
  createdAt: DateTimeSchema,
});

export const AttributeDefinitionListSchema = Type.Object({ items: Type.Array(AttributeDefinitionSchema) });
