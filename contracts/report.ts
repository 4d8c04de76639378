import { Type, type Static } from '@sinclair/typebox';
import { DateOnlySchema, Money } from './commerce';
import { Nullable, StringEnum, UuidSchema } from './common';
import { PlanSchema } from './budget';

/**
 * The report catalogue (issue 12): every report a budget owner can open, its table and chart,
 * and the post-analysis of one campaign. One schema per wire type; db/reports/ and the API use
 * `Static<>` of these.
 */

export const REPORT_IDS = [
  'funnel',
  'responses-over-time',
  'conversions-over-time',
  'outcomes-by-agent',
  'conversion-by-audience',
  'conversion-by-abc',
  'conversion-by-language',
  'conversion-by-store',
  'cost-by-channel',
  'roi-by-campaign',
  'roi-by-channel',
  'plan-vs-actual',
  'holdout-comparison',
  'opportunities-by-stage',
  'events-by-campaign',
  'top-links',
  'unsubscribes-bounces',
  'rewards-granted',
  'campaign-comparison',
] as const;
export type ReportId = (typeof REPORT_IDS)[number];
export const ReportIdSchema = StringEnum(REPORT_IDS, { description: 'A report of the catalogue (GET /api/reports)' });

export const CHART_KINDS = ['bar', 'line', 'funnel', 'pie', 'table'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** The filters a report can take; a report names those it honours (the others are refused). */
export const REPORT_FILTERS = ['campaignId', 'runId', 'from', 'to', 'storeId'] as const;
export type ReportFilterName = (typeof REPORT_FILTERS)[number];

export const ReportDefinitionSchema = Type.Object({
  id: ReportIdSchema,
  title: Type.String(),
  description: Type.String({ description: 'What the report counts and from which rows' }),
  chart: StringEnum(CHART_KINDS),
  filters: Type.Array(StringEnum(REPORT_FILTERS), { description: 'The filters this report honours' }),
  requires: Type.Array(StringEnum(REPORT_FILTERS), { description: 'Filters it cannot do without (a campaign-level report needs campaignId or runId)' }),
});
export type ReportDefinition = Static<typeof ReportDefinitionSchema>;

export const ReportCatalogueSchema = Type.Array(ReportDefinitionSchema);

export const COLUMN_TYPES = ['text', 'integer', 'money', 'percent', 'date'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const ReportColumnSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  type: StringEnum(COLUMN_TYPES, { description: 'money: a decimal string; percent: a ratio (0.25 = 25 %); date: YYYY-MM-DD' }),
});
export type ReportColumn = Static<typeof ReportColumnSchema>;

export const ReportCellSchema = Type.Union([Type.Null(), Type.String(), Type.Number()]);
export type ReportCell = Static<typeof ReportCellSchema>;
export type ReportRow = Record<string, ReportCell>;

export const ReportChartSchema = Type.Object({
  kind: StringEnum(CHART_KINDS),
  category: Type.String({ description: 'The column along the axis (or naming the slices)' }),
  series: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
});
export type ReportChart = Static<typeof ReportChartSchema>;

export const ReportQuerySchema = Type.Object(
  {
    campaignId: Type.Optional(UuidSchema),
    runId: Type.Optional(UuidSchema),
    from: Type.Optional(DateOnlySchema),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day, included (UTC days)' })),
    storeId: Type.Optional(UuidSchema),
    format: Type.Optional(StringEnum(['json', 'csv'] as const)),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuerySchema>;
export type ReportFilters = Omit<ReportQuery, 'format'>;

export const ReportParamsSchema = Type.Object({ id: ReportIdSchema });

export const ReportResultSchema = Type.Object({
  report: ReportDefinitionSchema,
  filters: Type.Object({
    campaignId: Nullable(Type.String()),
    runId: Nullable(Type.String()),
    from: Nullable(Type.String()),
    to: Nullable(Type.String()),
    storeId: Nullable(Type.String()),
  }),
  columns: Type.Array(ReportColumnSchema),
  rows: Type.Array(Type.Record(Type.String(), ReportCellSchema)),
  chart: ReportChartSchema,
});
export type ReportResult = Static<typeof ReportResultSchema>;

// ---- The post-analysis of one campaign

export const ResultMetricSchema = Type.Object({
  metric: StringEnum(['reached', 'responses', 'conversions', 'revenue'] as const),
  label: Type.String(),
  planned: Nullable(Type.String({ description: 'A count, or money for revenue; null when the plan expects nothing' })),
  actual: Type.String(),
  /** actual / planned; null without a plan figure. */
  achieved: Nullable(Type.Number()),
  report: ReportIdSchema,
});
export type ResultMetric = Static<typeof ResultMetricSchema>;

export const AnalysisSchema = Type.Object({
  campaign: Type.Object({
    id: UuidSchema,
    name: Type.String(),
    kind: Type.String(),
    validFrom: Nullable(Type.String()),
    validTo: Nullable(Type.String()),
  }),
  currency: Type.String(),
  /** When the figures were read; while a run goes they move (live). */
  asOf: Type.String(),
  live: Type.Boolean({ description: 'A run of the campaign is still going: the figures are provisional' }),
  runs: Type.Integer(),
  plan: PlanSchema,
  results: Type.Array(ResultMetricSchema),
  costs: Type.Object({
    budget: Money(),
    planned: Money(),
    actual: Money(),
    budgetLeft: Money(),
    byChannel: Type.Array(Type.Object({ channel: Type.String(), planned: Nullable(Money()), actual: Money(), lines: Type.Integer() })),
    report: ReportIdSchema,
  }),
  revenue: Type.Object({
    members: Type.Integer(),
    ordersRevenue: Money(),
    orders: Type.Integer(),
    wonOpportunities: Type.Integer(),
    wonOpportunitiesRevenue: Money(),
    attributed: Money(),
    holdout: Type.Integer(),
    holdoutRevenue: Money(),
    incremental: Nullable(Money()),
    otherCurrencyOrders: Type.Integer(),
    report: ReportIdSchema,
  }),
  roi: Nullable(Type.Number({ description: '(attributed revenue − cost) / cost; null with no cost' })),
  romi: Nullable(Type.Number({ description: '(incremental revenue − cost) / cost; null without a holdout or cost' })),
  predictedRoi: Nullable(Type.Number()),
  /** General (mass-media) campaigns: sales in the period against the previous one; null for direct campaigns. */
  businessResult: Nullable(
    Type.Object({
      from: Nullable(Type.String()),
      to: Nullable(Type.String()),
      revenue: Nullable(Money()),
      previousRevenue: Nullable(Money()),
      change: Nullable(Money()),
      changeRatio: Nullable(Type.Number()),
      message: Nullable(Type.String()),
    }),
  ),
  /** Where each figure is broken down, row by row. */
  breakdowns: Type.Array(Type.Object({ figure: Type.String(), report: ReportIdSchema })),
});
export type Analysis = Static<typeof AnalysisSchema>;
