import type { ColumnType, ReportChart, ReportColumn, ReportDefinition, ReportRow } from '../../contracts/report';
import type { Queryable } from '../pool';
import type { ReportContext } from './report-sql';

/**
 * One report of the catalogue: what it is (the catalogue entry), its table's columns, how its
 * chart reads the table, and the statement that answers it. Rows are aggregated in SQL; money
 * leaves the database as decimal strings rounded to the cent, ratios as numbers.
 */
export interface ReportSpec {
  definition: ReportDefinition;
  columns: ReportColumn[];
  chart: ReportChart;
  /**
   * Figures of whole campaigns (attributed revenue, holdouts) that cannot be cut by store: a
   * caller limited to one store is refused rather than shown other stores' contacts' revenue.
   */
  wholeCampaign?: boolean;
  rows(db: Queryable, context: ReportContext): Promise<ReportRow[]>;
}

export function column(key: string, label: string, type: ColumnType): ReportColumn {
  return { key, label, type };
}

/** Postgres hands back bigint counts as strings: the listed keys become numbers. */
export function numbers<T extends Record<string, unknown>>(rows: T[], keys: string[]): ReportRow[] {
  return rows.map((row) => {
    const out: ReportRow = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] = value === null || value === undefined ? null : keys.includes(key) ? Number(value) : (value as string | number);
    }
    return out;
  });
}
