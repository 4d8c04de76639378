import type { ReportFilters } from '../../contracts/report';
import type { Scope } from '../scope';
import { scopeWhere } from '../scope';

/**
 * The pieces every report statement is built from: numbered parameters collected as the SQL is
 * written (never a value spliced into the text), and the filters as WHERE conditions. Periods are
 * UTC days, `to` included, as the ledger's `incurred_on` is.
 */
export class Params {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, with a cast so Postgres knows its type (`$3::uuid`). */
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** What a report is asked for and by whom (their contact scope). */
export interface ReportContext {
  filters: ReportFilters;
  scope: Scope;
}

/** Columns holding a campaign id and a run id in the statement being written. */
export interface SelectionColumns {
  campaign: string;
  run: string;
}

/** The campaign and run filters over the given columns (`TRUE` when neither is set). */
export function selectionCondition(context: ReportContext, params: Params, columns: SelectionColumns): string {
  const parts = ['TRUE'];
  if (context.filters.campaignId) parts.push(`${columns.campaign} = ${params.add(context.filters.campaignId, 'uuid')}`);
  if (context.filters.runId) parts.push(`${columns.run} = ${params.add(context.filters.runId, 'uuid')}`);
  return parts.join(' AND ');
}

/** The selected runs of `campaign_runs` aliased `alias`. */
export function runsCondition(context: ReportContext, params: Params, alias = 'r'): string {
  return selectionCondition(context, params, { campaign: `${alias}.campaign_id`, run: `${alias}.id` });
}

/** The period filter over a timestamptz column: [from 00:00 UTC, the day after `to` 00:00 UTC). */
export function periodCondition(context: ReportContext, params: Params, column: string): string {
  const parts = ['TRUE'];
  if (context.filters.from) parts.push(`${column} >= (${params.add(context.filters.from, 'date')})::timestamp AT TIME ZONE 'UTC'`);
  if (context.filters.to) parts.push(`${column} < (${params.add(context.filters.to, 'date')} + 1)::timestamp AT TIME ZONE 'UTC'`);
  return parts.join(' AND ');
}

/** The period filter over a date column (days, `to` included). */
export function dayCondition(context: ReportContext, params: Params, column: string): string {
  const parts = ['TRUE'];
  if (context.filters.from) parts.push(`${column} >= ${params.add(context.filters.from, 'date')}`);
  if (context.filters.to) parts.push(`${column} <= ${params.add(context.filters.to, 'date')}`);
  return parts.join(' AND ');
}

/** Whether rows must be limited to contacts of a store (asked for, or the caller's scope). */
export function contactsLimited(context: ReportContext): boolean {
  return context.filters.storeId !== undefined || context.scope.kind === 'store';
}

/**
 * The store filter and the caller's scope over a column holding a contact id: rows of contacts
 * outside them are not counted. `TRUE` when neither limits anything (no contacts join at all).
 * A row without a contact (a manual cost line) is left out once anything limits.
 */
export function contactCondition(context: ReportContext, params: Params, contactColumn: string): string {
  if (!contactsLimited(context)) return 'TRUE';
  return `EXISTS (SELECT 1 FROM contacts sc WHERE sc.id = ${contactColumn} AND ${storeCondition(context, params, 'sc.store_id')})`;
}

/** The store filter and scope over a contacts.store_id expression already joined. */
export function storeCondition(context: ReportContext, params: Params, storeColumn: string): string {
  const parts = [scopeWhere(context.scope, storeColumn, params.values)];
  if (context.filters.storeId) parts.push(`${storeColumn} = ${params.add(context.filters.storeId, 'uuid')}`);
  return parts.join(' AND ');
}

/** SQL: the UTC day of a timestamptz column as YYYY-MM-DD. */
export function utcDay(column: string): string {
  return `to_char((${column} AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`;
}
