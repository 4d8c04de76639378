import { Type, type TSchema } from '@fastify/type-provider-typebox';

/**
 * A timestamp as the API writes it (ISO 8601). Typed `Date | string` because pg hands back Date
 * objects and the serialiser turns them into ISO strings; no hand conversion in every query.
 */
export const DateTimeSchema = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

export const UuidSchema = Type.String({ format: 'uuid' });

export const IdParamsSchema = Type.Object({ id: UuidSchema });

/**
 * `value | null`, for columns that may be empty. Null comes FIRST: Fastify's Ajv coerces types,
 * and tried against a string branch first, a `null` in a request would silently become "".
 */
export function Nullable<S extends TSchema>(schema: S) {
  return Type.Union([Type.Null(), schema]);
}

/** BCP 47-ish language tag: `en`, `de`, `pt-BR`. */
export const LanguageSchema = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', default: 'en', description: 'Language tag, e.g. en, de, pt-BR' });
