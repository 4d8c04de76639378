import { UUID_PATTERN } from '../flow/uuid';
import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * A timestamp as the API writes it (ISO 8601). Typed `Date | string` because pg hands back Date
 * objects and the serialiser turns them into ISO strings; no hand conversion in every query.
 * What a client receives is the string: see `Json<T>`.
 */
export const DateTimeSchema = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

// The pattern as well as the format: Ajv's `uuid` format also takes `urn:uuid:…`, which Postgres refuses.
export const UuidSchema = Type.String({ format: 'uuid', pattern: UUID_PATTERN });

export const IdParamsSchema = Type.Object({ id: UuidSchema });

/**
 * `value | null`, for columns that may be empty. Null comes FIRST: Fastify's Ajv coerces types,
 * and tried against a string branch first, a `null` in a request would silently become "".
 */
export function Nullable<S extends TSchema>(schema: S) {
  return Type.Union([Type.Null(), schema]);
}

/**
 * One of a list of strings, as the JSON Schema `enum` keyword: Ajv then names the allowed values
 * ("must be equal to one of the allowed values"), where a union of literals reports every branch.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ enum: [...values], ...options });
}

/** BCP 47-ish language tag: `en`, `de`, `pt-BR`. */
export const LanguageSchema = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', default: 'en', description: 'Language tag, e.g. en, de, pt-BR' });

/**
 * A wire type as a client receives it: `Static<>` of a response schema says what the server may
 * hand the serialiser (a `Date` from pg), JSON carries the ISO string. Use `Json<Static<typeof X>>`.
 */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [Key in keyof T]: Json<T[Key]> }
      : T;
