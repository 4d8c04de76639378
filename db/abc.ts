import type { Db, Queryable } from './pool';

/** Revenue-share thresholds in percent (A + B + C = 100). */
export interface AbcThresholds {
  a: number;
  b: number;
  c: number;
}

export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = { a: 80, b: 15, c: 5 };
const SETTINGS_KEY = 'abc_thresholds';

export async function getAbcThresholds(db: Queryable): Promise<AbcThresholds> {
  const { rows } = await db.query<{ value: AbcThresholds }>('SELECT value FROM settings WHERE key = $1', [SETTINGS_KEY]);
  return rows[0]?.value ?? DEFAULT_ABC_THRESHOLDS;
}

export async function setAbcThresholds(db: Db, thresholds: AbcThresholds): Promise<void> {
  await db.query(
    `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [SETTINGS_KEY, JSON.stringify(thresholds)],
  );
}

export interface AbcSummary {
  A: number;
  B: number;
  C: number;
  unclassified: number;
}

/**
 * Classify every customer by share of revenue (sum of its orders' totals), in ONE set-based
 * UPDATE: sorted by revenue desc (ties by id, so the result is stable), a customer whose
 * cumulative share is ≤ A is A, ≤ A+B is B, the rest C. Contacts without orders (leads) or
 * without positive revenue lose their class.
 */
export async function recomputeAbcClasses(db: Queryable): Promise<AbcSummary> {
  const { a, b } = await getAbcThresholds(db);
  const { rows } = await db.query<{ abc_class: string | null; count: string }>(
    `WITH revenue AS (
       SELECT contact_id, sum(total_amount) AS amount FROM sales_orders
       WHERE contact_id IS NOT NULL GROUP BY contact_id HAVING sum(total_amount) > 0
     ), ranked AS (
       SELECT contact_id,
              100 * sum(amount) OVER (ORDER BY amount DESC, contact_id ROWS UNBOUNDED PRECEDING)
                  / sum(amount) OVER () AS cumulative_share
       FROM revenue
     ), classified AS (
       SELECT c.id, CASE WHEN r.contact_id IS NULL THEN NULL
                         WHEN r.cumulative_share <= $1 THEN 'A'
                         WHEN r.cumulative_share <= $1 + $2 THEN 'B'
                         ELSE 'C' END AS abc_class
       FROM contacts c LEFT JOIN ranked r ON r.contact_id = c.id
     ), updated AS (
       UPDATE contacts c SET abc_class = classified.abc_class, abc_computed_at = now()
       FROM classified WHERE classified.id = c.id
       RETURNING c.abc_class
     )
     SELECT abc_class, count(*) AS count FROM updated GROUP BY abc_class`,
    [a, b],
  );
  const summary: AbcSummary = { A: 0, B: 0, C: 0, unclassified: 0 };
  for (const row of rows) {
    if (row.abc_class === 'A' || row.abc_class === 'B' || row.abc_class === 'C') summary[row.abc_class] = Number(row.count);
    else summary.unclassified = Number(row.count);
  }
  return summary;
}
