import { Type, type Static } from '@sinclair/typebox';
import { DateOnlySchema, MoneySchema, PagingQuery, QuantitySchema, Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

export const ProductKindSchema = Type.Union([Type.Literal('product'), Type.Literal('service'), Type.Literal('bundle')], {
  description: 'product (physical), service, or bundle (a configured item made of components)',
});

const ComponentInputSchema = Type.Object(
  {
    productId: UuidSchema,
    quantity: QuantitySchema,
    costAccount: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'Analytic (cost) account this component is booked to' }))),
  },
  { additionalProperties: false },
);

const productFields = {
  code: Text(64, 'Unique product code'),
  name: Text(300),
  kind: ProductKindSchema,
  family: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Product family (group); discounts may apply to a whole family' }))),
  unit: Type.Optional(Text(32, 'Unit of sale, e.g. pcs, h, kg (default pcs)')),
  costAccount: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'Analytic (cost) account' }))),
  active: Type.Optional(Type.Boolean()),
  components: Type.Optional(
    Type.Array(ComponentInputSchema, { maxItems: 500, description: 'Bundles only: what the bundle is made of. On PATCH, replaces the whole list.' }),
  ),
};

export const ProductInputSchema = Type.Object(productFields, { additionalProperties: false });
export type ProductInputBody = Static<typeof ProductInputSchema>;

export const ProductPatchSchema = Type.Partial(Type.Object(productFields), { additionalProperties: false, minProperties: 1 });

export const ProductSchema = Type.Object({
  id: UuidSchema,
  code: Type.String(),
  name: Type.String(),
  kind: ProductKindSchema,
  family: Nullable(Type.String()),
  unit: Type.String(),
  costAccount: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

export const ProductComponentSchema = Type.Object({
  productId: UuidSchema,
  code: Type.String(),
  name: Type.String(),
  kind: ProductKindSchema,
  quantity: Type.Number(),
  costAccount: Nullable(Type.String()),
});

export const ProductDetailSchema = Type.Object({ ...ProductSchema.properties, components: Type.Array(ProductComponentSchema) });

export const ProductListQuerySchema = Type.Object({
  ...PagingQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the code or name' })),
  kind: Type.Optional(ProductKindSchema),
  family: Type.Optional(Type.String({ maxLength: 200 })),
  active: Type.Optional(Type.Boolean()),
});

export const ProductPageSchema = Type.Object({ items: Type.Array(ProductSchema), total: Type.Integer() });

export const PriceQuerySchema = Type.Object({
  date: Type.Optional(DateOnlySchema),
  priceListId: Type.Optional(UuidSchema),
  quantity: Type.Optional(QuantitySchema),
});

export const PriceQuoteSchema = Type.Object(
  {
    productId: UuidSchema,
    date: DateOnlySchema,
    quantity: Type.Number(),
    priceListId: UuidSchema,
    priceListName: Type.String(),
    currency: Type.String(),
    price: MoneySchema,
    discount: Nullable(
      Type.Object({
        discountListId: UuidSchema,
        discountListName: Type.String(),
        percent: Type.Number(),
        appliesTo: Type.Union([Type.Literal('product'), Type.Literal('family')]),
        minQuantity: Type.Number(),
      }),
    ),
    netPrice: MoneySchema,
    lineTotal: MoneySchema,
  },
  {
    description:
      'The price valid on `date` (today when omitted): of the price lists valid that day holding the product, the one with the latest validFrom ' +
      '(or the list named by priceListId); the best discount valid that day for the product or its family whose minQuantity the quantity reaches ' +
      '(discounts do not add up); netPrice = price less that discount, per unit; lineTotal = netPrice × quantity.',
  },
);
