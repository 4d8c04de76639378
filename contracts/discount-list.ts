import { Type } from '@sinclair/typebox';
import { DateOnlySchema, QuantitySchema, Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

const DiscountItemInputSchema = Type.Object(
  {
    productId: Type.Optional(UuidSchema),
    family: Type.Optional(Text(200)),
    percent: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Percent off: above 0, at most 100' }),
    minQuantity: Type.Optional(QuantitySchema),
  },
  { additionalProperties: false, description: 'A discount on one product (productId) or on a whole family (family): exactly one of the two' },
);

const discountListFields = {
  name: Text(200),
  validFrom: DateOnlySchema,
  validTo: Type.Optional(Nullable(Type.String({ format: 'date', description: 'Last valid day, inclusive, on or after validFrom; null = open-ended' }))),
  items: Type.Optional(Type.Array(DiscountItemInputSchema, { maxItems: 10_000, description: 'On PATCH, replaces the whole list.' })),
};

/** Discounts are percentages, so unlike a price list a discount list has no currency. */
export const DiscountListInputSchema = Type.Object(discountListFields, { additionalProperties: false });
export const DiscountListPatchSchema = Type.Partial(Type.Object(discountListFields), { additionalProperties: false, minProperties: 1 });

export const DiscountListSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  validFrom: DateOnlySchema,
  validTo: Nullable(DateOnlySchema),
  itemCount: Type.Integer(),
  createdAt: DateTimeSchema,
});

export const DiscountListDetailSchema = Type.Object({
  ...DiscountListSchema.properties,
    items: Type.Array(
      Type.Object({
        id: UuidSchema,
        productId: Nullable(UuidSchema),
        productCode: Nullable(Type.String()),
        productName: Nullable(Type.String()),
        family: Nullable(Type.String()),
        percent: Type.Number(),
        minQuantity: Type.Number(),
      }),
    ),
});

export const DiscountListPageSchema = Type.Object({ items: Type.Array(DiscountListSchema), total: Type.Integer() });
