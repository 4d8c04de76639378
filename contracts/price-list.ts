import { Type } from '@sinclair/typebox';
import { CurrencySchema, DateOnlySchema, MoneyInputSchema, MoneySchema, Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

const PriceItemInputSchema = Type.Object({ productId: UuidSchema, price: MoneyInputSchema }, { additionalProperties: false });

const priceListFields = {
  name: Text(200),
  currency: Type.Optional(CurrencySchema),
  validFrom: DateOnlySchema,
  validTo: Type.Optional(Nullable(Type.String({ format: 'date', description: 'Last valid day, inclusive, on or after validFrom; null = open-ended' }))),
  items: Type.Optional(Type.Array(PriceItemInputSchema, { maxItems: 10_000, description: 'One price per product (≥ 0). On PATCH, replaces the whole list.' })),
};

export const PriceListInputSchema = Type.Object(priceListFields, { additionalProperties: false });
export const PriceListPatchSchema = Type.Partial(Type.Object(priceListFields), { additionalProperties: false, minProperties: 1 });

const periodFields = {
  validFrom: DateOnlySchema,
  validTo: Nullable(DateOnlySchema),
};

export const PriceListSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  currency: Type.String(),
  ...periodFields,
  itemCount: Type.Integer(),
  createdAt: DateTimeSchema,
});

export const PriceListDetailSchema = Type.Object({
  ...PriceListSchema.properties,
  items: Type.Array(Type.Object({ productId: UuidSchema, code: Type.String(), name: Type.String(), price: MoneySchema })),
});

export const PriceListPageSchema = Type.Object({ items: Type.Array(PriceListSchema), total: Type.Integer() });
