import { Type } from '@sinclair/typebox';
import { CurrencySchema, DateOnlySchema, Money, MoneyInputSchema, MoneySchema, PagingQuery, QuantitySchema, Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

const SalesLineInputSchema = Type.Object(
  {
    productId: Type.Optional(UuidSchema),
    productCode: Type.Optional(Text(64)),
    family: Type.Optional(Text(200, "Product family; defaults to the product's")),
    quantity: QuantitySchema,
    amount: MoneyInputSchema,
  },
  { additionalProperties: false, description: 'A line names its product by productId or productCode (not both), or only a family' },
);

export const SalesOrderInputSchema = Type.Object(
  {
    orderNumber: Text(64, 'Unique order number'),
    contactId: Type.Optional(UuidSchema),
    companyId: Type.Optional(UuidSchema),
    storeId: Type.Optional(UuidSchema),
    orderedAt: DateOnlySchema,
    currency: Type.Optional(CurrencySchema),
    lines: Type.Array(SalesLineInputSchema, { minItems: 1, maxItems: 5_000 }),
  },
  { additionalProperties: false, description: 'The buyer is a contact, a company, or both: at least one of contactId and companyId' },
);

export const SalesOrderSchema = Type.Object({
  id: UuidSchema,
  orderNumber: Type.String(),
  contactId: Nullable(UuidSchema),
  companyId: Nullable(UuidSchema),
  storeId: Nullable(UuidSchema),
  orderedAt: DateOnlySchema,
  currency: Type.String(),
  total: Money('Sum of the line amounts'),
  lineCount: Type.Integer(),
  createdAt: DateTimeSchema,
});

export const SalesOrderDetailSchema = Type.Object({
  ...SalesOrderSchema.properties,
    lines: Type.Array(
      Type.Object({
        lineNo: Type.Integer(),
        productId: Nullable(UuidSchema),
        productCode: Nullable(Type.String()),
        productName: Nullable(Type.String()),
        family: Nullable(Type.String()),
        quantity: Type.Number(),
        amount: MoneySchema,
      }),
    ),
});

export const SalesOrderListQuerySchema = Type.Object({
  ...PagingQuery,
  contactId: Type.Optional(UuidSchema),
  companyId: Type.Optional(UuidSchema),
  storeId: Type.Optional(UuidSchema),
  from: Type.Optional(Type.String({ format: 'date', description: 'First order day, inclusive' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last order day, inclusive' })),
});

export const SalesOrderPageSchema = Type.Object({ items: Type.Array(SalesOrderSchema), total: Type.Integer() });
