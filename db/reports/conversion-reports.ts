import type { Queryable } from '../pool';
import { contactCondition, Params, periodCondition, runsCondition, selectionCondition, storeCondition, type ReportContext } from './report-sql';
import { column, numbers, type ReportSpec } from './report-spec';

/**
 * Conversion of members cut by who they are: the audience they entered through, their ABC
 * class, language and store. A member is one contact in one run (a contact in two runs counts
 * twice); responded = an open or click event of the run; converted = an opportunity created by
 * the run (any stage); won = one of them won. Counted in one statement per report.
 */

interface Grouping {
  /** SQL WITH items the grouping needs before `members` (each ending with a comma), using $params. */
  before?: (context: ReportContext, params: Params) => string;
  /** Joins after `campaign_members m JOIN contacts c`. */
  join?: string;
  /** The group's label. */
  label: string;
}

async function conversionRows(db: Queryable, context: ReportContext, grouping: Grouping) {
  const params = new Params();
  const before = grouping.before?.(context, params) ?? '';
  const { rows } = await db.query(
    `WITH ${before} members AS (
       SELECT m.run_id, m.contact_id, ${grouping.label} AS grp
       FROM campaign_runs r
       JOIN campaign_members m ON m.run_id = r.id
       JOIN contacts c ON c.id = m.contact_id
       ${grouping.join ?? ''}
       WHERE ${runsCondition(context, params)} AND ${periodCondition(context, params, 'm.entered_at')} AND ${storeCondition(context, params, 'c.store_id')}
     ), member_runs AS (
       SELECT DISTINCT run_id FROM members
     ), responders AS (
       SELECT DISTINCT e.run_id, e.contact_id FROM member_runs mr JOIN events e ON e.run_id = mr.run_id AND e.type IN ('open', 'click')
     ), converted AS (
       SELECT o.run_id, o.contact_id, bool_or(o.stage = 'won') AS won
       FROM member_runs mr JOIN opportunities o ON o.run_id = mr.run_id WHERE o.contact_id IS NOT NULL GROUP BY 1, 2
     )
     SELECT m.grp AS "group", count(*) AS members, count(rs.contact_id) AS responders, count(cv.contact_id) AS converted,
            count(*) FILTER (WHERE cv.won) AS won,
            round(count(cv.contact_id)::numeric / count(*), 4)::float8 AS "conversionRate"
     FROM members m
     LEFT JOIN responders rs ON rs.run_id = m.run_id AND rs.contact_id = m.contact_id
     LEFT JOIN converted cv ON cv.run_id = m.run_id AND cv.contact_id = m.contact_id
     GROUP BY m.grp ORDER BY 2 DESC, 1`,
    params.values,
  );
  return numbers(rows, ['members', 'responders', 'converted', 'won']);
}

const CONVERSION_COLUMNS = (groupLabel: string) => [
  column('group', groupLabel, 'text'),
  column('members', 'Members', 'integer'),
  column('responders', 'Responded', 'integer'),
  column('converted', 'Converted', 'integer'),
  column('won', 'Won', 'integer'),
  column('conversionRate', 'Conversion rate', 'percent'),
];

const CONVERSION_CHART = { kind: 'bar' as const, category: 'group', series: [{ key: 'conversionRate', label: 'Conversion rate' }] };

function conversionReport(id: 'conversion-by-audience' | 'conversion-by-abc' | 'conversion-by-language' | 'conversion-by-store', title: string, groupLabel: string, what: string, grouping: Grouping): ReportSpec {
  return {
    definition: {
      id,
      title,
      description: `Members of the selected runs ${what}: how many responded (opened or clicked), converted (an opportunity created by the run) and won, by the day they entered.`,
      chart: 'bar',
      filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
      requires: [],
    },
    columns: CONVERSION_COLUMNS(groupLabel),
    chart: CONVERSION_CHART,
    rows: (db, context) => conversionRows(db, context, grouping),
  };
}

/**
 * The audience node each member entered through (its 'out' step), named after the segment or
 * list it reads, else after the node: from the graph of the run's flow version.
 */
const AUDIENCE_ENTRIES = (context: ReportContext, params: Params) => `
  audience_nodes AS (
    SELECT r.id AS run_id, n->>'id' AS node_id,
           COALESCE('Segment: ' || seg.name, 'List: ' || list.name, 'Audience ' || (n->>'id')) AS label
    FROM campaign_runs r
    JOIN flow_versions v ON v.flow_id = r.flow_id AND v.version = r.flow_version
    CROSS JOIN LATERAL jsonb_array_elements(v.graph->'nodes') AS n
    LEFT JOIN segments seg ON seg.id::text = n->'config'->>'segmentId'
    LEFT JOIN contact_lists list ON list.id::text = n->'config'->>'listId'
    WHERE n->>'type' = 'audience' AND ${runsCondition(context, params)}
  ), entries AS (
    SELECT DISTINCT ON (s.run_id, s.contact_id) s.run_id, s.contact_id, a.label
    FROM audience_nodes a JOIN member_steps s ON s.run_id = a.run_id AND s.node_id = a.node_id AND s.outcome = 'out'
    ORDER BY s.run_id, s.contact_id, s.at
  ),`;

export const conversionByAudience = conversionReport('conversion-by-audience', 'Conversion by segment / audience', 'Audience', 'by the audience (segment, list or rules) they entered through', {
  before: AUDIENCE_ENTRIES,
  join: 'LEFT JOIN entries en ON en.run_id = m.run_id AND en.contact_id = m.contact_id',
  label: "COALESCE(en.label, 'Entered otherwise')",
});

export const conversionByAbc = conversionReport('conversion-by-abc', 'Conversion by ABC class', 'ABC class', 'by their ABC class today', {
  label: "COALESCE(c.abc_class, 'Unclassified')",
});

export const conversionByLanguage = conversionReport('conversion-by-language', 'Conversion by language', 'Language', 'by their language', { label: 'c.language' });

export const conversionByStore = conversionReport('conversion-by-store', 'Conversion by store', 'Store', 'by their store', {
  join: 'LEFT JOIN stores st ON st.id = c.store_id',
  label: "COALESCE(st.name, 'No store')",
});

const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost'];

export const opportunitiesByStage: ReportSpec = {
  definition: {
    id: 'opportunities-by-stage',
    title: 'Opportunities by stage and value',
    description: 'Opportunities of the selected campaigns (created in the period) by stage: how many, their expected value, weighted by probability, and actual revenue.',
    chart: 'bar',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [
    column('stage', 'Stage', 'text'),
    column('opportunities', 'Opportunities', 'integer'),
    column('expected', 'Expected value', 'money'),
    column('weighted', 'Weighted value', 'money'),
    column('actual', 'Actual revenue', 'money'),
  ],
  chart: { kind: 'bar', category: 'stage', series: [{ key: 'expected', label: 'Expected value' }, { key: 'actual', label: 'Actual revenue' }] },
  async rows(db, context) {
    const params = new Params();
    const { rows } = await db.query(
      `SELECT o.stage, count(*) AS opportunities, round(COALESCE(sum(o.expected_revenue), 0), 2)::text AS expected,
              round(COALESCE(sum(o.expected_revenue * o.probability / 100.0), 0), 2)::text AS weighted,
              round(COALESCE(sum(o.actual_revenue), 0), 2)::text AS actual
       FROM opportunities o
       WHERE o.campaign_id IS NOT NULL AND ${selectionCondition(context, params, { campaign: 'o.campaign_id', run: 'o.run_id' })}
         AND ${periodCondition(context, params, 'o.created_at')} AND ${contactCondition(context, params, 'o.contact_id')}
       GROUP BY o.stage ORDER BY array_position(${params.add(STAGES, 'text[]')}, o.stage)`,
      params.values,
    );
    return numbers(rows, ['opportunities']);
  },
};
