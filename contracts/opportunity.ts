import { Type } from '@sinclair/typebox';
import { DateOnlySchema, Money, MoneyInput, MoneyInputSchema, MoneySchema, PagingQuery, QuantitySchema, Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

export const OpenStageSchema = Type.Union([Type.Literal('prospecting'), Type.Literal('qualification'), Type.Literal('proposal'), Type.Literal('negotiation')], {
  description: 'An open stage. won and lost are reached by POST /:id/win and /:id/lose only.',
});
export const StageSchema = Type.Union([...OpenStageSchema.anyOf, Type.Literal('won'), Type.Literal('lost')]);

const ProbabilitySchema = Type.Integer({ minimum: 0, maximum: 100, description: 'Percent chance of winning' });

const OpportunityProductInputSchema = Type.Object(
  {
    productId: Type.Optional(UuidSchema),
    family: Type.Optional(Text(200, "A product family (group); defaults to the product's")),
    quantity: QuantitySchema,
    amount: MoneyInputSchema,
  },
  { additionalProperties: false, description: 'A product (productId) or a product family, with what the line is expected to bring' },
);

const ExpectedRevenueInputSchema = MoneyInput(
  "What the deal brings if won. Omitted (or null on PATCH): derived as the sum of the products' amounts, and re-derived " +
    'whenever the products change. Not weighted by probability: weightedRevenue is',
);

export const OpportunityInputSchema = Type.Object(
  {
    title: Text(300),
    contactId: Type.Optional(UuidSchema),
    companyId: Type.Optional(UuidSchema),
    ownerId: Type.Optional(UuidSchema),
    campaignId: Type.Optional(Type.String({ format: 'uuid', description: 'The campaign the opportunity came from' })),
    goal: Type.Optional(Text(2_000)),
    stage: Type.Optional(Type.Union(OpenStageSchema.anyOf, { description: 'Default qualification' })),
    probability: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'Default by stage: prospecting 10, qualification 25, proposal 50, negotiation 75' }),
    ),
    expectedRevenue: Type.Optional(ExpectedRevenueInputSchema),
    expectedCloseDate: Type.Optional(DateOnlySchema),
    products: Type.Optional(Type.Array(OpportunityProductInputSchema, { maxItems: 500 })),
  },
  { additionalProperties: false, description: 'At least one of contactId and companyId' },
);

export const OpportunityPatchSchema = Type.Object(
  {
    title: Type.Optional(Text(300)),
    goal: Type.Optional(Nullable(Text(2_000))),
    ownerId: Type.Optional(Nullable(UuidSchema)),
    stage: Type.Optional(OpenStageSchema),
    probability: Type.Optional(ProbabilitySchema),
    expectedRevenue: Type.Optional(Nullable(ExpectedRevenueInputSchema)),
    expectedCloseDate: Type.Optional(Nullable(DateOnlySchema)),
    products: Type.Optional(Type.Array(OpportunityProductInputSchema, { maxItems: 500, description: 'Replaces the whole list' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const OpportunitySchema = Type.Object({
  id: UuidSchema,
  title: Type.String(),
  contactId: Nullable(UuidSchema),
  companyId: Nullable(UuidSchema),
  ownerId: Nullable(UuidSchema),
  campaignId: Nullable(UuidSchema),
  goal: Nullable(Type.String()),
  stage: StageSchema,
  probability: ProbabilitySchema,
  expectedRevenue: Nullable(Money('What the deal brings if won')),
  expectedRevenueSource: Nullable(Type.Union([Type.Literal('entered'), Type.Literal('products')], { description: 'Typed in, or derived from the products' })),
  weightedRevenue: Nullable(Money('expectedRevenue × probability / 100')),
  actualRevenue: Nullable(Money("Once won: the order's total")),
  expectedCloseDate: Nullable(DateOnlySchema),
  orderId: Nullable(UuidSchema),
  orderNumber: Nullable(Type.String()),
  lossReason: Nullable(Type.String()),
  closedAt: Nullable(DateTimeSchema),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

export const CompetitorInputSchema = Type.Object(
  {
    name: Text(300),
    companyId: Type.Optional(Type.String({ format: 'uuid', description: 'The competitor as a company on file' })),
    strengths: Type.Optional(Text(4_000)),
    weaknesses: Type.Optional(Text(4_000)),
  },
  { additionalProperties: false },
);

export const CompetitorSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  companyId: Nullable(UuidSchema),
  strengths: Nullable(Type.String()),
  weaknesses: Nullable(Type.String()),
});

export const CommentInputSchema = Type.Object({ author: Text(200, 'Who wrote it (name or e-mail)'), body: Text(10_000) }, { additionalProperties: false });

export const CommentSchema = Type.Object({ id: UuidSchema, author: Type.String(), body: Type.String(), createdAt: DateTimeSchema });

export const OpportunityDetailSchema = Type.Object({
  ...OpportunitySchema.properties,
    products: Type.Array(
      Type.Object({
        id: UuidSchema,
        productId: Nullable(UuidSchema),
        productCode: Nullable(Type.String()),
        productName: Nullable(Type.String()),
        family: Nullable(Type.String()),
        quantity: Type.Number(),
        amount: Nullable(MoneySchema),
      }),
    ),
    competitors: Type.Array(CompetitorSchema),
    comments: Type.Array(CommentSchema, { description: 'Oldest first' }),
});

export const WinInputSchema = Type.Object(
  {
    orderId: Type.Optional(UuidSchema),
    orderNumber: Type.Optional(Text(64)),
  },
  { additionalProperties: false, description: 'The sales order winning produced, by id or by number: exactly one of the two' },
);

export const LoseInputSchema = Type.Object({ reason: Text(2_000, 'Why the opportunity was lost') }, { additionalProperties: false });

export const OpportunityListQuerySchema = Type.Object({
  ...PagingQuery,
  stage: Type.Optional(StageSchema),
  contactId: Type.Optional(UuidSchema),
  companyId: Type.Optional(UuidSchema),
  ownerId: Type.Optional(UuidSchema),
  campaignId: Type.Optional(UuidSchema),
});

export const OpportunityPageSchema = Type.Object({ items: Type.Array(OpportunitySchema), total: Type.Integer() });

export const CompetitorListSchema = Type.Object({ items: Type.Array(CompetitorSchema) });
export const CommentListSchema = Type.Object({ items: Type.Array(CommentSchema) });
