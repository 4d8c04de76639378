import { Type } from '@sinclair/typebox';

/**
 * Shapes shared by the commerce resources (products, price and discount lists, sales orders,
 * opportunities).
 *
 * Money is a decimal STRING in JSON: requests send up to two decimals ("80", "80.5", "80.50"),
 * responses always carry exactly two ("80.50"). A string round-trips the Postgres `numeric`
 * exactly; a JSON number invites binary rounding (0.1 + 0.2) and Ajv's `multipleOf: 0.01` rejects
 * valid amounts such as 0.07. A JSON number for money is refused ("must be string"): bodies keep
 * their JSON types (api/validator-compilers.ts). Quantities and percentages are plain numbers.
 */
export function MoneyInput(description = 'Money') {
  return Type.String({
    pattern: '^\\d{1,12}(\\.\\d{1,2})?$',
    description: `${description}: a decimal string with up to two decimals, e.g. "1250" or "1250.50"`,
    examples: ['1250.50'],
  });
}

export function Money(description = 'Money') {
  return Type.String({ description: `${description}: a decimal string with exactly two decimals, e.g. "1250.50"`, examples: ['1250.50'] });
}

export const MoneyInputSchema = MoneyInput();
export const MoneySchema = Money();

/** A calendar day, no time or zone: validity periods, order dates, close dates. */
export const DateOnlySchema = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD' });

export const CurrencySchema = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. EUR' });

export const QuantitySchema = Type.Number({ exclusiveMinimum: 0, maximum: 99_999_999_999, description: 'Quantity, greater than 0 (up to three decimals are kept)' });

/** `?limit=&offset=`, the paging every commerce list takes. */
export const PagingQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};

/** Non-blank text up to `maxLength` characters. */
export function Text(maxLength: number, description?: string) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description === undefined ? {} : { description }) });
}

/** `?validOn=` for price and discount lists, with paging. */
export const ValidListQuerySchema = Type.Object({
  ...PagingQuery,
  validOn: Type.Optional(Type.String({ format: 'date', description: 'Only the lists valid on this day' })),
});

